"""Medical terms in patient text: medicines, HER2, hormone receptors, age, red flags.

`matcher` and the modules it uses import no Rasa, so the action server can use them;
`component` wraps them as a Rasa graph component.
"""
