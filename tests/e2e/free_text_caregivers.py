"""Caregivers: people who answer for someone else, in their own words (caregiver mode, issue 14).

They say so at consent ("yes, I'm asking for my mother"), with the words of the consent button
"Yes, for someone else", or only later ("her HER2 was 2+"); they answer in the third
person ("she's 67", "he never had Herceptin") and speak of other relatives too ("her
sister had Herceptin"), which is not the patient's history. Expectations follow the
trial's rules. The `audience` answer is the one to "Who are the answers about?"; a
case without one must not be asked it. None of these wordings is NLU training data.
"""

from __future__ import annotations

from tests.e2e.patients import LIKELY, Case

SOMEONE_ELSE_BUTTON = '/affirm{"audience": "someone_else"}'  # the consent button (its words typed, below)

# The eligible story, told by a daughter about her mother.
MOTHER: dict[str, str | list[str]] = {
    "her2_ihc": "her HER2 was 1+",
    "anti_her2": "she never had Herceptin",
    "chemo_metastatic": "no chemo since it spread, she is on letrozole",
    "hormone_receptor": "my mum's ER was positive",
    "disease_extent": "it has spread to her liver",
    "progression": "yes, the last scan showed it grew",
    "age": "she's 67",
    "daily_activity": "she does light housework",
    "cancer_history": "none of these",
    "heart_lung": "she has none of these",
    "other_conditions": "no",
    "allergies": "none",
}

# The same about any woman: "my mum's ER" is the patient's only when asking for one's mother.
SHE: dict[str, str | list[str]] = {**MOTHER, "hormone_receptor": "her ER was positive"}

# The same, told by a husband about his wife, or a son about his father.
WIFE: dict[str, str | list[str]] = {
    **SHE,
    "her2_ihc": "the report says her HER2 is 2+",
    "her2_ish": "her FISH test was negative",
    "anti_her2": "no, she has never had any of those",
    "hormone_receptor": "she is ER and PR positive",
    "age": "she is 49 years old",
}
FATHER: dict[str, str | list[str]] = {
    **MOTHER,
    "her2_ihc": "his HER2 score was 1+",
    "anti_her2": "he never had trastuzumab",
    "chemo_metastatic": "he had chemo only before his surgery",
    "hormone_receptor": "his ER came back positive",
    "disease_extent": "it spread to his bones",
    "age": "he's 58",
    "daily_activity": "he still works full time",
    "heart_lung": "none",
}

CAREGIVER_CASES = [
    # ------------------------------------------------------------ likely eligible
    Case(
        "daughter for her mother, said at consent",
        dict(MOTHER),
        "likely_eligible",
        says=(*LIKELY, "your mother"),
        consent=("yes, I'm asking for my mother",),
        relation="mother",
    ),
    Case(
        "husband for his wife, 'Yes, for someone else' typed, then whom",
        {**WIFE, "audience": "my wife"},
        "likely_eligible",
        says=(*LIKELY, "your wife"),
        consent=("Yes, for someone else",),
        relation="wife",
    ),
    Case(
        "son for his father, said as 'my dad'",
        dict(FATHER),
        "likely_eligible",
        says=("your father", "may be able to join"),
        consent=("ok, this is for my dad",),
        relation="father",
    ),
    Case(
        "noticed only at 'her HER2 was 2+', then whom",
        {**WIFE, "her2_ihc": "her HER2 was 2+", "audience": "my mum"},
        "likely_eligible",
        says=("your mother",),
        relation="mother",
    ),
    Case(
        "noticed at 'she's 67', the age read after whom",
        {**MOTHER, "audience": "My mother"},
        "likely_eligible",
        says=("your mother",),
        relation="mother",
        base={
            **MOTHER,
            "her2_ihc": "1+",
            "anti_her2": "never",
            "chemo_metastatic": "no",
            "hormone_receptor": "ER positive",
            "disease_extent": "it spread to the liver",
            "progression": "it grew",
        },
    ),
    Case(
        "for a sister: 'my sister' is the patient",
        {
            **SHE,
            "anti_her2": "my sister never had herceptin",
            "age": "my sister is 52",
            "chemo_metastatic": "my sister had chemo only before her surgery",
        },
        "likely_eligible",
        says=("your sister",),
        consent=("yes, I'm filling this in for my sister",),
        relation="sister",
    ),
    Case(
        "her sister's Herceptin is not the patient's",
        {**MOTHER, "anti_her2": "her sister had Herceptin but she never did"},
        "likely_eligible",
        consent=("yes, for my mum",),
        relation="mother",
    ),
    Case(
        "my dad's heart failure is not my mother's",
        {**MOTHER, "heart_lung": "my dad has heart failure, but she has none of these"},
        "likely_eligible",
        consent=("yes, for my mum",),
        relation="mother",
    ),
    Case(
        "for a friend",
        {**SHE, "age": "she is 44"},
        "likely_eligible",
        says=("your friend",),
        consent=("yes, I'm doing this for a friend",),
        relation="friend",
    ),
    Case(
        "another person, named so",
        {**FATHER, "audience": "someone else"},
        "likely_eligible",
        says=("the person you are asking for",),
        consent=("Yes, for someone else",),
        relation="other",
    ),
    Case(
        "whom unclear at first, asked again",
        {**FATHER, "audience": ["hmm", "my brother"]},
        "likely_eligible",
        says=("your brother",),
        consent=("Yes, for someone else",),
        relation="brother",
    ),
    Case(
        "partner named mid-question with the answer",
        {**SHE, "her2_ihc": "I'm asking on behalf of my partner, the report says HER2 1+"},
        "likely_eligible",
        says=("your partner",),
        relation="partner",
    ),
    Case(
        "named before saying yes",
        {**FATHER, "age": "he is 70"},
        "likely_eligible",
        says=("From now on, I will ask about your father", "How old is your father?"),
        consent=("I am asking for my father", "yes"),
        relation="father",
    ),
    # ------------------------------------------------------------ not eligible
    Case(
        "mother had Herceptin",
        {**MOTHER, "anti_her2": "she had Herceptin in 2020"},
        "not_eligible",
        ["EXC-19"],
        says=("Your mother had a medicine that targets HER2", "not a match for your mother"),
        consent=("yes, for my mother",),
        relation="mother",
    ),
    Case(
        "wife had chemo after it spread",
        {**WIFE, "chemo_metastatic": "she had chemo after it spread"},
        "not_eligible",
        ["EXC-18"],
        says=("Your wife had chemo after the cancer came back",),
        consent=("yes, for my wife",),
        relation="wife",
    ),
    Case(
        "mother is 80",
        {**MOTHER, "age": "she is 80 years old"},
        "not_eligible",
        ["INC-02A"],
        consent=("yes, for my mum",),
        relation="mother",
    ),
    Case(
        "father HER2 3+",
        {**FATHER, "her2_ihc": "his HER2 came back 3+"},
        "not_eligible",
        ["INC-03A"],
        says=("Your father's cancer is HER2-positive",),
        consent=("yes, for my dad",),
        relation="father",
    ),
    Case(
        "mother ER and PR negative",
        {**MOTHER, "hormone_receptor": "her ER and PR were both negative"},
        "not_eligible",
        ["INC-04"],
        consent=("yes, for my mum",),
        relation="mother",
    ),
    # ------------------------------------------------------------ needs review
    Case(
        "father's HER2 score not known",
        {**FATHER, "her2_ihc": "he doesn't know his HER2 score"},
        "needs_review",
        unknown=["INC-03A"],
        says=("your father's HER2 score", "Before any study visit, your father must agree"),
        consent=("yes, for my dad",),
        relation="father",
    ),
    Case(
        "daughter's allergies not known",
        {**SHE, "allergies": "not sure if she is allergic to anything"},
        "needs_review",
        unknown=["EXC-18", "EXC-20", "EXC-21"],
        says=("if your daughter can take capecitabine",),
        consent=("yes, I'm asking for my daughter",),
        relation="daughter",
    ),
]
