"""Drive the chat widget in a real browser page: read what it shows, press, type, screen."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from playwright.sync_api import Dialog, Locator, Page, ViewportSize

from bot.startup.settings import ROOT
from criteria.loading import load_trial
from criteria.model import Question, localize
from tests.e2e.patients import ELIGIBLE, ELIGIBLE_BUTTONS, Answer

WIDE: ViewportSize = {"width": 1280, "height": 800}  # viewports the widget is checked at
NARROW: ViewportSize = {"width": 360, "height": 740}
TIMEOUT_MS = 30_000  # one bot turn (Rasa answers in well under a second here)
MAX_STEPS = 30  # questions in one screening, with room for follow-ups
QUESTION_NUMBER = re.compile(r"Question (\d+) of (\d+)")
WIDGET_TEXTS = ROOT / "bot" / "gateway" / "static" / "texts"  # the widget's own words, per language
# Every word of the widget's own chrome a patient can see or hear: its text outside the
# conversation, and the titles, labels and placeholders of all its elements.
CHROME_WORDS = """
root => {
  const words = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(".tsw-log") && node.textContent.trim()) words.push(node.textContent.trim());
  }
  for (const element of [root, ...root.querySelectorAll("*")]) {
    for (const name of ["title", "aria-label", "placeholder"]) {
      if (element.getAttribute(name)) words.push(element.getAttribute(name));
    }
  }
  return words;
}
"""
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def choice_of(payload: str) -> str:
    """The answer value a button payload carries: /answer{"choice": "2+"} gives 2+."""
    return str(json.loads(payload.removeprefix("/answer"))["choice"])


@dataclass
class Widget:
    """The widget on one page, with the browser's complaints collected."""

    page: Page
    language: str = "en"  # the widget's own words the page is expected to show (static/texts/<language>.json)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Watch the console, dialogs and CSP violations from the first script on."""
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.add_init_script(CSP_WATCH)
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)

        def dismiss(dialog: Dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", dismiss)

    # --- elements

    @property
    def log(self) -> Locator:
        """The message list."""
        return self.page.locator(".tsw-log")

    @property
    def box(self) -> Locator:
        """The text box, found by its label as a screen reader would."""
        return self.page.get_by_role("textbox", name=self.texts()["input_label"])

    @property
    def notice(self) -> Locator:
        """The widget's notice (errors, too long, too fast)."""
        return self.page.locator(".tsw-notice")

    def replies(self) -> Locator:
        """The quick-reply buttons on show."""
        return self.page.locator(".tsw-replies .tsw-reply")

    # --- reading

    def texts(self) -> dict[str, str]:
        """The widget's own words in this page's language."""
        words: dict[str, str] = json.loads((WIDGET_TEXTS / f"{self.language}.json").read_text(encoding="utf-8"))
        return words

    def chrome_words(self) -> list[str]:
        """What the widget says outside the conversation: header, notices, labels, titles, placeholders."""
        words: list[str] = self.page.eval_on_selector(".tsw-root", CHROME_WORDS)
        return words

    def wait_idle(self) -> None:
        """Wait until the widget is not waiting for the bot."""
        self.page.wait_for_function(
            "() => { const log = document.querySelector('.tsw-log');"
            " return log && log.getAttribute('aria-busy') === 'false'; }",
            timeout=TIMEOUT_MS,
        )

    def open_demo(self, url: str) -> None:
        """Load the demo page and wait for the bot's first words."""
        self.page.goto(url)
        self.page.locator(".tsw-message").first.wait_for()
        self.wait_idle()

    def messages(self) -> list[tuple[str, str]]:
        """What the log shows: (who, text) for each message, who being 'bot' or 'patient'."""
        found: list[tuple[str, str]] = self.page.eval_on_selector_all(
            ".tsw-log .tsw-message",
            "nodes => nodes.map(n => [n.classList.contains('tsw-from-bot') ? 'bot' : 'patient',"
            " (n.querySelector('.tsw-bubble') || {textContent: ''}).textContent])",
        )
        return [(who, text) for who, text in found]

    def bot_text(self) -> str:
        """Everything the bot has said on the page, joined."""
        return "\n".join(text for who, text in self.messages() if who == "bot")

    def reply_titles(self) -> list[str]:
        """The titles of the quick replies on show."""
        return [title.strip() for title in self.replies().all_inner_texts()]

    def question_number(self) -> int:
        """The number of the last question asked ("Question 3 of 12" gives 3), 0 before any."""
        numbers = QUESTION_NUMBER.findall(self.bot_text())
        return int(numbers[-1][0]) if numbers else 0

    def questions_asked(self) -> int:
        """How many times the log shows "Question N of M" (a follow-up counts too)."""
        return len(QUESTION_NUMBER.findall(self.bot_text()))

    def violations(self) -> list[str]:
        """CSP violations reported on the page, by event or in the console."""
        events: list[str] = self.page.evaluate("window.__cspViolations || []")
        return events + [text for text in self.console_errors if "Content Security Policy" in text]

    # --- acting

    def press(self, title: str) -> None:
        """Click the quick reply with this title and wait for the answer."""
        self.replies().get_by_text(title, exact=True).click()
        self.wait_idle()

    def type(self, text: str) -> None:
        """Type into the text box, press Enter, wait for the answer."""
        self.box.fill(text)
        self.box.press("Enter")
        self.wait_idle()


def asked_question(
    bot_text: str, questions: list[Question], language: str = "en", numbered: re.Pattern[str] = QUESTION_NUMBER
) -> Question:
    """The question of the last "Question N of M" (`numbered`) in the bot's words (the longest text that fits)."""
    last = bot_text[[m.start() for m in numbered.finditer(bot_text)][-1] :]
    fitting = [q for q in questions if localize(q.text, language) in last]
    assert fitting, f"no known question in {last!r}"
    return max(fitting, key=lambda q: len(localize(q.text, language)))


def answer_for(question: Question, step: int) -> tuple[str, str]:
    """How the likely-eligible patient answers: ('press', title) or ('type', text), mixed by step."""
    typed: Answer | None = ELIGIBLE.get(question.id)
    if step % 2 == 1 and isinstance(typed, str):
        return "type", typed
    payload = ELIGIBLE_BUTTONS[question.id]
    assert isinstance(payload, str)
    option = question.option(choice_of(payload))
    assert option is not None, f"no option {payload} in {question.id}"
    return "press", localize(option.label)


def consent(widget: Widget) -> None:
    """Agree to start the questions; the first question follows."""
    assert "automated assistant" in widget.bot_text()
    assert widget.reply_titles() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    widget.press("Yes, for myself")
    assert widget.question_number() == 1


def answer_questions(widget: Widget, until: int | None = None) -> list[tuple[str, str]]:
    """Answer each question as the likely-eligible patient; stop at the summary or after `until` answers."""
    questions = list(load_trial().questions)
    done: list[tuple[str, str]] = []
    for step in range(MAX_STEPS):
        if "Here is what you told me" in widget.bot_text() or (until is not None and step >= until):
            return done
        question = asked_question(widget.bot_text(), questions)
        how, words = answer_for(question, step)
        before = widget.questions_asked()
        if how == "press":
            widget.press(words)
        else:
            widget.type(words)
        assert ("patient", words) in widget.messages()[-8:], f"{words!r} not shown as the patient's message"
        done.append((how, words))
        moved_on = widget.questions_asked() > before or "Here is what you told me" in widget.bot_text()
        assert moved_on, f"stuck after {words!r}"
    raise AssertionError(f"no summary after {MAX_STEPS} answers")
