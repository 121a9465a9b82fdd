"""Direct quotations and their attributions on the surface: which quotations belong to an
attribution, and the part-of-speech fallback for short attributions after a quotation.

Conventions of the AP Stylebook ("quotations"): a quotation stands beside its attribution,
joined only by punctuation; a quotation that ends in a comma, "?" or "!" inside its marks is
followed by its attribution; a sentence may carry two quotations with an attribution each.
"""
from __future__ import annotations

from analysis.attribution.cue_syntax import COMPLEMENTIZERS, NON_SOURCES, QUOTE_TOKENS
from analysis.attribution.quotes import Quote
from analysis.attribution.spans import has_letters

CLAUSE_BREAKS = frozenset("and but as while before after though although".split())
NP_TAGS = frozenset("PROPN NOUN DET ADJ NUM PRON PART".split())
QUOTE_END_PUNCT = ",?!—–-…"


def direct_quote_span(text: str, unit: tuple[int, int], quotes: list[Quote], source: tuple[int, int],
                      cue: tuple[int, int]) -> tuple[int, int] | None:
    """The content span when the unit is a direct quotation with its attribution, else None.

    Direct: the quotations stand beside the attribution joined only by punctuation
    ("…," X said. / X said: "…" / "…," said X, "…"). Words may follow a trailing attribution
    ("…," Peskov told journalists Thursday.) or precede a colon or comma that introduces the
    quote (X told AFP on Monday: "…"). Otherwise quoted fragments are embedded in a paraphrase
    and the statement is mixed. A sentence may hold two such quotations, each with its own
    attribution ('"…," she said, but "…," said Kunin' / '"…," Ryan said, though he said, "…"'),
    and a quotation may follow a colon after a clause of the narrator's ('X went on: "…," he
    said.'): the quotations nearest the attribution are its own (AP Stylebook, "quotations").
    """
    if not quotes:
        return None
    attr_start, attr_end = min(source[0], cue[0]), max(source[1], cue[1])
    earlier = [q for q in quotes if q.end <= attr_start]
    before = _adjacent_run(earlier[::-1], text, attr_start, backwards=True)[::-1]
    if earlier and (not before or earlier[0] is not before[0]) and not _awaits_attribution(text, earlier[-1 - len(before)]):
        return None  # a quotation earlier in the paraphrase: the words are the narrator's
    after = [q for q in quotes if q.start >= attr_end]
    if before:
        lead = text[unit[0]:before[0].start].rstrip()
        # the lead may be a clause of its own ("X went on: "…," he said.") or another attribution
        after_other = lead.endswith(":") or len(earlier) > len(before)
        own_clause = not has_letters(lead) or (
            lead.endswith((":", ",")) and _awaits_attribution(text, before[-1]) and after_other)
        if not own_clause:
            return None
    if after:
        gap = text[attr_end:after[0].start].rstrip()
        opening = text[after[0].start:after[0].end].lstrip("\"“”«»'‘’ ")
        introduced = gap.endswith((":", ",")) or (not has_letters(gap) and opening[:1].isupper())
        gap_words = set(gap.lower().replace(",", " ").split())
        if gap_words & COMPLEMENTIZERS or (before and gap_words & CLAUSE_BREAKS):
            # 'tells audiences that after …, "…"' is a paraphrase; '"…," Ryan said, though he
            # said, "…"': the later quote has its own cue.
            introduced = False
        between = [text[x.end:y.start] for x, y in zip(after, after[1:])]
        tail = text[after[-1].end:unit[1]]
        if not introduced or has_letters(tail) or any(has_letters(piece) for piece in between):
            if not before:
                return None
            after = []
    elif not before:
        return None
    chosen = before + after
    return chosen[0].start, chosen[-1].end


def _awaits_attribution(text: str, quote: Quote) -> bool:
    """A quotation that ends in a comma, "?" or "!" inside its marks: its attribution follows."""
    inner = text[quote.start:quote.end].rstrip("\"”’'» ")
    return bool(inner) and inner[-1] in QUOTE_END_PUNCT


def _adjacent_run(quotes: list[Quote], text: str, edge: int, backwards: bool) -> list[Quote]:
    """The quotations next to ``edge`` with no words between them and it (nearest first)."""
    run: list[Quote] = []
    for q in quotes:
        gap = text[q.end:edge] if backwards else text[edge:q.start]
        if has_letters(gap):
            break
        run.append(q)
        edge = q.start if backwards else q.end
    return run


def _capitalised_name(token) -> bool:
    """After a quotation, a capitalised word the tagger took for a modal or preposition is a
    name ('…," Will wrote.', '…," From said.')."""
    return token.text[:1].isupper() and token.pos_ in ("AUX", "ADP", "VERB") and token.text.isalpha()


def _nominal(token) -> bool:
    return token.pos_ in NP_TAGS or _capitalised_name(token)


def trailing_attribution(text: str, span, offset: int, quote: Quote) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Surface fallback for '"…," Trump barked.' / '"…," said Ramos, 58.' when the parse is wrong.

    The small parser often misreads a short attribution after a quotation (it took "Trump
    barked" for a noun phrase). Part-of-speech tags are more reliable: a quotation ending in
    a comma, question or exclamation mark, then a noun phrase and a verb (or a verb and a noun
    phrase), then the end of the sentence or a comma, is an attribution. Returns
    (source span, cue span) or None.
    """
    inner = text[quote.start:quote.end].rstrip("\"”’'» ")
    if not inner or inner[-1] not in QUOTE_END_PUNCT:
        return None
    window = [t for t in span if offset + t.idx >= quote.end]
    clause = []
    for token in window:
        if token.text in (".", ";", "(") or token.text in QUOTE_TOKENS or token.lower_ in CLAUSE_BREAKS:
            break
        clause.append(token)
    verbs = [i for i, t in enumerate(clause) if (t.pos_ == "VERB" or t.tag_.startswith("VB")) and not _capitalised_name(t)]
    if not verbs or len(clause) > 14:
        return None
    v = verbs[0]
    before, after = clause[:v], clause[v + 1:]
    if before:
        noun_phrase = []
        for token in before:
            if token.text == ",":
                break
            noun_phrase.append(token)
        rest_ok = all(_nominal(t) or t.text == "," for t in before)
    else:
        noun_phrase = []
        for token in after:
            if token.text == "," or not _nominal(token):
                break
            noun_phrase.append(token)
        rest_ok = True
    heads = [t for t in noun_phrase if t.pos_ in ("PROPN", "NOUN", "PRON") or _capitalised_name(t)]
    if not heads or not rest_ok or heads[-1].lower_ in NON_SOURCES:
        return None
    first, last = noun_phrase[0], heads[-1]
    verb = clause[v]
    source = (offset + first.idx, offset + last.idx + len(last.text))
    return source, (offset + verb.idx, offset + verb.idx + len(verb.text))
