"""The trial file against the registry listing: every bullet, the texts, the metadata."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

from criteria import Result
from tests.criteria.helpers import SEED_FILE, SHARED_SEED, TRIAL, both, collapse

ID_PATTERN = re.compile(r"^(?P<kind>INC|EXC)-(?P<bullet>\d{2})(?:[A-Z]|\.(?P<item>\d))?$")
KINDS = {"INC": "inclusion", "EXC": "exclusion"}


@dataclass
class Bullet:
    """One bullet of the listing, with its numbered sub-items (if any)."""

    text: str
    items: list[str] = field(default_factory=list)


def _section(text, start, end):
    return text[text.index(start) + len(start) : text.index(end)]


def _bullets(section):
    bullets: list[Bullet] = []
    for line in section.splitlines():
        line = line.strip()
        if line.startswith("•"):
            bullets.append(Bullet(collapse(line[1:])))
        elif re.match(r"^\d+\. ", line):
            bullets[-1].items.append(collapse(line.split(". ", 1)[1]))
    return bullets


@pytest.fixture(scope="module")
def seed():
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def listing(seed):
    """Bullets by kind: {"INC": [...], "EXC": [...]}."""
    return {
        "INC": _bullets(_section(seed, "Inclusion criteria", "Exclusion criteria")),
        "EXC": _bullets(_section(seed, "Exclusion criteria", "Trial design")),
    }


def _listing_text(listing, criterion_id):
    """The bullet (or numbered sub-item) a criterion id points at."""
    match = ID_PATTERN.match(criterion_id)
    assert match, f"{criterion_id}: not INC-nn, INC-nnX or EXC-nn.m"
    bullet = listing[match["kind"]][int(match["bullet"]) - 1]
    return bullet.items[int(match["item"]) - 1] if match["item"] else bullet.text


# ------------------------------------------------------------ the listing


def test_the_listing_has_7_inclusion_and_23_exclusion_bullets(listing):
    assert len(listing["INC"]) == 7
    assert len(listing["EXC"]) == 23
    assert [len(b.items) for b in listing["EXC"] if b.items] == [5]
    assert listing["EXC"][16].text == "Tumor-related symptoms and treatments:"


@pytest.mark.parametrize("criterion", TRIAL.criteria, ids=lambda c: c.id)
def test_registry_text_is_verbatim_from_the_listing(criterion, seed, listing):
    assert collapse(criterion.registry) in collapse(seed)
    assert collapse(criterion.registry) == _listing_text(listing, criterion.id)
    assert criterion.kind == KINDS[criterion.id[:3]]


def test_every_bullet_and_sub_item_is_covered(listing):
    covered = {(c.id[:3], collapse(c.registry)) for c in TRIAL.criteria}
    missing = [
        (kind, text)
        for kind, bullets in listing.items()
        for bullet in bullets
        for text in (bullet.items or [bullet.text])
        if (kind, text) not in covered
    ]
    assert missing == []
    # 7 inclusion bullets, and 22 exclusion bullets plus the 5 tumour-related sub-items
    assert len({text for kind, text in covered if kind == "INC"}) == 7
    assert len({text for kind, text in covered if kind == "EXC"}) == 22 + 5


def test_criterion_ids_are_unique_and_in_listing_order():
    ids = [c.id for c in TRIAL.criteria]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert ids == sorted(ids, key=lambda i: (i[:3] != "INC", i))


# -------------------------------------------------------- the texts shown


@pytest.mark.parametrize("criterion", [c for c in TRIAL.criteria if c.asked], ids=lambda c: c.id)
def test_asked_criterion_has_reasons_in_both_languages(criterion):
    assert both(criterion.title)
    assert both(criterion.not_met_reason)
    assert both(criterion.unknown_reason)
    for case in criterion.cases:
        assert case.reason is None or both(case.reason)
        assert case.result in (Result.MET, Result.NOT_MET, Result.UNKNOWN)


@pytest.mark.parametrize("criterion", [c for c in TRIAL.criteria if not c.asked], ids=lambda c: c.id)
def test_site_criterion_has_a_note_and_no_rule(criterion):
    assert criterion.check == "site"
    assert both(criterion.site_note)
    assert not criterion.cases


@pytest.mark.parametrize("question", TRIAL.questions, ids=lambda q: q.id)
def test_question_has_text_why_meaning_and_options_with_not_sure(question):
    assert both(question.text)
    assert both(question.why)
    assert question.meaning and both(question.meaning)
    assert both(question.summary)
    assert question.missing is None or both(question.missing)
    values = question.values()
    assert len(values) == len(set(values)) >= 2
    assert "not_sure" in values
    for option in question.options:
        assert both(option.label), f"{question.id}: {option.value}"


def test_every_question_is_read_by_a_criterion():
    read = {qid for c in TRIAL.criteria for qid in c.questions()}
    assert read == {q.id for q in TRIAL.questions}


# ----------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("key", "value", "listed_as"),
    [
        pytest.param("nct_id", "NCT06561607", "NCT06561607", id="nct-id"),
        pytest.param("sponsor_code", "TQB2102-III-01", "TQB2102-III-01", id="sponsor-code"),
        pytest.param("enrollment", 542, "542 estimated patients", id="enrollment"),
        pytest.param("sites", 34, "Trial contacts and locations 34", id="sites"),
        pytest.param("ages", {"min": 18, "max": 75}, "18 to 75 years old", id="ages"),
        pytest.param("phase", "Phase 3", "Phase 3", id="phase"),
        pytest.param("sponsor", "CTTQ", "CTTQ", id="sponsor"),
        pytest.param("sex", "All", "Sex All", id="sex"),
        pytest.param("healthy_volunteers", False, "No Healthy Volunteers", id="volunteers"),
        pytest.param("conditions", ["Breast Cancer"], "Conditions Breast Cancer", id="conditions"),
    ],
)
def test_metadata(key, value, listed_as, seed):
    assert TRIAL.info[key] == value
    assert listed_as in collapse(seed)


def test_metadata_title_contact_and_arms(seed):
    info = TRIAL.info
    assert TRIAL.nct_id == "NCT06561607"
    assert collapse(info["title"]) in collapse(seed)
    assert info["central_contact"]["name"] == "Qingyuan Zhang"
    assert "Qingyuan Zhang, Doctor" in seed
    arms = info["arms"]
    assert [arm["type"] for arm in arms] == ["Experimental", "Active Comparator"]
    for arm in arms:
        assert f"Drug: {arm['name']}" in seed
        assert collapse(arm["description"]) in collapse(seed)
    assert "7.5 mg/kg" in arms[0]["description"]
    assert "21 days" in arms[0]["description"]
    assert "7.5 mg/kg" in info["dosing"] and "every 21 days" in info["dosing"]
    assert arms[1]["drugs"] == ["Capecitabine", "Paclitaxel", "Albumin Paclitaxel"]


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared/ folder beside the checkout")
def test_kept_listing_is_the_shared_seed():
    assert SEED_FILE.read_bytes() == SHARED_SEED.read_bytes()
