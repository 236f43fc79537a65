"""The easy-read checker: every rule over a whole leaflet, in its language, as findings a person can act on.

Errors block publishing; warnings need a reviewer to say they have looked at them.
"""

import re
import threading
from dataclasses import dataclass

import textstat

from app.easyread import rules
from app.easyread.pictures import exists as library_has
from app.translation.segments import markdown_spans

MAX_SENTENCES_PER_ROW = 2
MAX_ROWS = 20
MAX_WORDS = 1000
MAX_GRADE = 6
_TEXTSTAT = threading.Lock()  # textstat keeps its language in a global
_SENTENCE_END = re.compile(r"(?<=[.!?؟۔।。！？])[\"”’)]*\s+|(?<=[。！？])")


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    severity: str  # "error" or "warning"
    row: int | None  # 1-based; None for the whole leaflet
    words: tuple[str, ...]
    suggestion: str
    source: str
    sentence: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def line(self) -> str:
        where = f"row {self.row}" if self.row else "leaflet"
        words = f" ({', '.join(self.words)})" if self.words else ""
        return f"{self.severity.upper()} {where}: {self.title}{words} — {self.suggestion} [{self.source}]"


def sentences(text: str) -> list[str]:
    """The sentences of a row's text: each paragraph split at full stops; each list item is one."""
    found = []
    for span in markdown_spans(text):
        found += [part.strip() for part in _SENTENCE_END.split(span.text) if part.strip()]
    return found


def _paragraph_sentences(text: str) -> int:
    """Sentences outside lists: a lead-in and a short list count as one sentence."""
    prose = "\n".join(line for line in text.splitlines() if not re.match(r"\s*([-*+]|\d+[.)])\s", line))
    return len(sentences(prose)) if prose.strip() else 0


def check_sentence(
    sentence: str, lang: str = "en", glossary: frozenset[str] = frozenset(), row: int | None = None
) -> list[Finding]:
    ctx = rules.Context(lang, glossary)
    found = []
    for rule in rules.SENTENCE_RULES:
        if rule.applies(lang) and not (rule.id == "long" and lang in ("zh-Hans", "zh", "ja")):
            hit = rule.check(sentence, ctx)
            if hit is not None:
                found.append(
                    Finding(rule.id, rule.title, hit.severity, row, hit.words, rule.suggestion, rule.source, sentence)
                )
    return found


def _picture_findings(number: int, row: dict) -> list[Finding]:
    found = []
    picture = row.get("picture", "")
    if not picture:
        found.append(
            Finding(
                "picture",
                "No picture",
                "error",
                number,
                (),
                "Choose a picture that shows the idea of this row. It goes on the start side, beside the text.",
                rules.DOH,
            )
        )
    elif picture.startswith("openmoji:") and not library_has(picture.removeprefix("openmoji:")):
        found.append(
            Finding(
                "picture",
                "Unknown picture",
                "error",
                number,
                (picture,),
                "Choose a picture from the picture library.",
                rules.DOH,
            )
        )
    if picture and not row.get("alt", "").strip():
        found.append(
            Finding(
                "alt-text",
                "No alt text",
                "error",
                number,
                (),
                "Describe the picture in a few words, for people who use a screen reader.",
                rules.INCLUSION_EUROPE,
            )
        )
    if re.search(r"!\[|<img|<svg", row.get("text", "")):
        found.append(
            Finding(
                "picture-side",
                "Picture inside the text",
                "error",
                number,
                (),
                "Put the picture in the row's picture, so it sits on the start side of the text.",
                rules.DOH,
            )
        )
    return found


def _grade(text: str, lang: str) -> float | None:
    if lang != "en" or not text.strip():
        return None
    with _TEXTSTAT:
        textstat.set_lang("en")
        return float(textstat.flesch_kincaid_grade(text))


def check(leaflet: dict, lang: str = "en") -> list[Finding]:
    """Findings for a leaflet (its document data, or the same shape translated), in reading order."""
    glossary = frozenset(entry.get("word", "").lower().strip() for entry in leaflet.get("glossary") or [])
    rows = leaflet.get("rows") or []
    found: list[Finding] = []
    if leaflet.get("cover") and not (leaflet.get("cover_alt") or "").strip():
        found.append(
            Finding(
                "alt-text",
                "No alt text for the cover picture",
                "error",
                None,
                (),
                "Describe the cover picture in a few words.",
                rules.INCLUSION_EUROPE,
            )
        )
    all_text = []
    for number, row in enumerate(rows, start=1):
        found += _picture_findings(number, row)
        text = row.get("text", "")
        count = _paragraph_sentences(text)
        if count > MAX_SENTENCES_PER_ROW:
            found.append(
                Finding(
                    "row-sentences",
                    "Too many sentences in a row",
                    "error",
                    number,
                    (f"{count} sentences",),
                    "Keep to 1 or 2 sentences a row. Start a new row, with its own picture, for the next idea.",
                    rules.DOH,
                )
            )
        for sentence in sentences(text):
            all_text.append(sentence)
            found += check_sentence(sentence, lang, glossary, number)
    total = sum(len(rules.words(sentence)) for sentence in all_text)
    if len(rows) > MAX_ROWS:
        found.append(
            Finding(
                "length",
                "Too many rows",
                "warning",
                None,
                (f"{len(rows)} rows",),
                f"Keep a leaflet to {MAX_ROWS} rows or fewer: split it into 2 leaflets.",
                rules.DOH,
            )
        )
    if total > MAX_WORDS:
        found.append(
            Finding(
                "length",
                "Too many words",
                "warning",
                None,
                (f"{total} words",),
                f"Keep a leaflet to {MAX_WORDS} words or fewer: split it into 2 leaflets.",
                rules.DOH,
            )
        )
    grade = _grade(" ".join(s if s.endswith((".", "!", "?")) else s + "." for s in all_text), lang)
    if grade is not None and grade > MAX_GRADE:
        found.append(
            Finding(
                "reading-grade",
                "Hard to read overall",
                "warning",
                None,
                (f"grade {grade:.1f}",),
                f"The Flesch–Kincaid grade is above {MAX_GRADE}: use shorter sentences and shorter words.",
                rules.DOH,
            )
        )
    return found


def errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.is_error]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.is_error]
