"""Snippets: the summary, HTML-escaped, with the matched words in ``<mark class="match">``.

``ts_headline`` marks matches with two private-use characters (U+E000, U+E001) as its start and stop selectors;
they are removed from the summary before it is highlighted (in SQL), so any that come back are ours. The headline is
then escaped whole, and only then are the selectors turned into tags: nothing from the content can become markup.

Where Python prepared the text (Chinese pairs, folded Persian and Urdu), PostgreSQL's parser does not see the words
that were indexed, so ``ts_headline`` would find nothing: the summary is split with the same tokenizer and a word is
marked when its form is one of the query's.
"""

from markupsafe import Markup, escape

from app.i18n.locales import Locale
from app.search.analyzers import UnicodeWordTokenizer
from app.search.backends.postgres.analysis import highlight_form, prepare

STARTS = "\ue000"
STOPS = "\ue001"
_OPEN = '<mark class="match">'
_CLOSE = "</mark>"


def marked(headline: str) -> Markup:
    """A ``ts_headline`` result as safe HTML."""
    return Markup(str(escape(headline)).replace(STARTS, _OPEN).replace(STOPS, _CLOSE))


def marked_in_python(summary: str, marks: set[str], locale: Locale) -> Markup:
    """The summary with every word (or pair of Han characters) whose form is in ``marks`` marked."""
    spans: list[list[int]] = []
    for token in UnicodeWordTokenizer()(summary, chars=True):
        if highlight_form(prepare(token.text, locale)) in marks:
            if spans and token.startchar <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], token.endchar)
            else:
                spans.append([token.startchar, token.endchar])
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces += [str(escape(summary[position:start])), _OPEN, str(escape(summary[start:end])), _CLOSE]
        position = end
    pieces.append(str(escape(summary[position:])))
    return Markup("".join(pieces))
