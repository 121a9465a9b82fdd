"""Who speaks: the source of a Russian cue (its subject, its "в X" adjunct, its head verb's
subject, or an agreeing nominative the parser missed), the tokens of that source's mention, and
which tokens are cues at all."""
from __future__ import annotations

from analysis.attribution.russian.cues import (
    ANSWER_VERBS,
    ATTENTION_VERBS,
    BELIEF_ADJECTIVES,
    BELIEF_VERBS,
    EXPRESS_VERBS,
    EXPRESSED_NOUNS,
    LIGHT_VERB_CUES,
    MEETING_OBJECTS,
    NAMING_VERBS,
    SPEECH_VERBS,
    VERDICT_VERBS,
    VERDICT_WORDS,
)
from analysis.attribution.russian.parsing import Sentence, Token

__all__ = ["agreeing_nominative", "is_cue", "mention_tokens", "subject_of"]

SUBJECTS = frozenset({"nsubj", "nsubj:pass"})
#: Children that are not part of a speaker's mention (relative clauses, asides, the next clause).
NOT_MENTION = frozenset({"acl:relcl", "acl", "parataxis", "ccomp", "advcl", "punct", "conj:relcl"})
SOURCE_PREPOSITIONS = frozenset({"в", "во", "у", "на"})
QUOTE_MARKS = frozenset("«»\"“”„'")
#: Subjects that point at the quotation ("это было отмечено"), not at its source.
POINTER_SUBJECTS = frozenset({"это", "то", "что"})
#: Impersonal reflexive cues whose source is a "в X" adjunct ("говорится в заявлении").
IMPERSONAL_CUES = frozenset("""
говориться сообщаться отмечаться указываться подчёркиваться подчеркиваться утверждаться разъясняться
заявляться уточняться констатироваться
""".split())

#: Places that speak "на": "на сайте «Талибана» говорится, что …" (as "в заявлении говорится").
ONLINE_PLACES = frozenset("сайт страница портал форум блог канал аккаунт ресурс".split())


def mention_tokens(sentence: Sentence, head: Token) -> list[Token]:
    tokens = sentence.subtree(head, NOT_MENTION)
    # "ODS в лице своего председателя Мартина Куба заявила": who acts for the source is not the source
    for child in sentence.children(head):
        if child.lemma == "лицо" and any(g.rel == "case" and g.lemma == "в" for g in sentence.children(child)):
            dropped = {t.index for t in sentence.subtree(child)}
            tokens = [t for t in tokens if t.index not in dropped]
    if tokens:  # brackets are punct children, left out above: keep them so that the aside can be told
        inside = {t.index for t in tokens}
        tokens = sorted(tokens + [t for t in sentence.tokens[tokens[0].index:tokens[-1].index + 2]
                                  if t.text in "()" and t.index not in inside], key=lambda t: t.index)
    # a contiguous run around the head: an aside in commas is not the mention
    while tokens and (tokens[0].pos == "ADP" and tokens[0].lemma in SOURCE_PREPOSITIONS or tokens[0].pos == "CCONJ"):
        tokens = tokens[1:]  # "в заявлении …", "… предоставили и письменные свидетельства"
    while tokens and tokens[-1].pos == "PUNCT" and tokens[-1].text not in "»\")”":
        tokens = tokens[:-1]
    while tokens and tokens[0].pos == "PUNCT" and tokens[0].text not in "«\"(“„":
        tokens = tokens[1:]
    return tokens


def subject_of(sentence: Sentence, verb: Token, depth: int = 0) -> Token | None:
    """The cue's source: its subject, its "в X" adjunct, or its head verb's (gerunds, conjuncts).
    A surname hanging on a first name ("Прит Бхарара": flat:name) stands for the whole name."""
    head = _subject_of(sentence, verb, depth)
    while head is not None and head.rel in ("flat:name", "flat") and head.head >= 0 \
            and sentence.tokens[head.head].pos == "PROPN" and head.pos == "PROPN":
        head = sentence.tokens[head.head]
    return head


def _antecedent_of_relative(sentence: Sentence, verb: Token, source: Token) -> Token:
    """"иск, в котором говорится …", "эксперт, который заявил …": the relative pronoun stands for the
    noun its clause hangs on (before it: a head after the pronoun is a mis-parse, and the pronoun is kept)."""
    if source.lemma == "который" and verb.rel.startswith("acl") and 0 <= verb.head < source.index:
        antecedent = sentence.tokens[verb.head]
        # "замечание Госдепа США, который выразил …": "который" agrees with its antecedent; the parse may hang
        # the clause on the head noun when the genitive after it is the one that agrees
        if not _same_form(source, antecedent):
            agreeing = next((c for c in sentence.children(antecedent) if c.rel == "nmod" and c.index < source.index
                             and c.feats.get("Case") == "Gen" and _same_form(source, c)), None)
            return agreeing or antecedent
        return antecedent
    return source


def _same_form(pronoun: Token, noun: Token) -> bool:
    """Gender (in the singular) and number agree, where both are known."""
    number, gender = pronoun.feats.get("Number"), pronoun.feats.get("Gender")
    if number and noun.feats.get("Number") and number != noun.feats.get("Number"):
        return False
    return not (number == "Sing" and gender and noun.feats.get("Gender") and gender != noun.feats.get("Gender"))


def _subject_of(sentence: Sentence, verb: Token, depth: int = 0) -> Token | None:
    children = sentence.children(verb)
    # two subjects means a mis-parse ("актриса …: «…», — сказала она"): the nearest one is the verb's
    subject = min((c for c in children if c.rel in SUBJECTS), key=lambda c: abs(c.index - verb.index), default=None)
    # "«…», — это было отмечено в заявлении группы": a pointer to the quotation is what is said, not who
    # says it; the "в X" adjunct is the source, as for "говорится в заявлении"
    pointer = subject is not None and subject.lemma in POINTER_SUBJECTS and subject.pos in ("PRON", "DET")
    if subject is not None and not pointer:
        return _antecedent_of_relative(sentence, verb, subject)
    # "в обращении сказано, что …": a short passive participle with no subject is impersonal, as "говорится" is
    short_passive = verb.feats.get("Variant") == "Short" and verb.feats.get("Voice") == "Pass"
    impersonal = verb.lemma in IMPERSONAL_CUES or pointer or short_passive
    # nearest first: a long quotation's own "в X" may hang on the verb too ("«… в управлении …», —
    # говорится в заявлении полиции")
    for c in sorted(children, key=lambda c: abs(c.index - verb.index)):
        in_phrase = c.rel in ("obl", "nmod") and any(g.rel == "case" and (g.lemma in ("в", "во") or (
            g.lemma == "на" and c.lemma in ONLINE_PLACES)) for g in sentence.children(c))
        # "в этой связи", "в ходе", "в рамках": a circumstance, not the place that speaks
        if not in_phrase or c.lemma in ("время", "ход", "рамка", "день", "год", "месяц", "неделя", "связь"):
            continue
        if impersonal or (verb.feats.get("Number") == "Plur" and c.index > verb.index - 6):
            return _antecedent_of_relative(sentence, verb, c)
    if pointer:
        return subject
    if impersonal:
        where = _where_antecedent(sentence, verb)
        if where is not None:
            return where
    relative = _relative_clause_speaker(sentence, verb)
    if relative is not None:
        return relative
    if depth < 2 and verb.head >= 0 and (verb.feats.get("VerbForm") == "Conv" or verb.rel in ("conj", "xcomp")):
        return subject_of(sentence, sentence.tokens[verb.head], depth + 1)
    if depth > 0:
        return None
    return agreeing_nominative(sentence, verb) or _place_clause_speaker(sentence, verb)


def _where_antecedent(sentence: Sentence, verb: Token) -> Token | None:
    """"характеристику из колонии, где говорится, что …": an impersonal cue in a "где" clause speaks with
    the document the clause hangs on (the top of a noun chain: the parse may hang it on "колонии")."""
    if not verb.rel.startswith("acl") or verb.head < 0 or not any(c.lemma == "где" for c in sentence.children(verb)):
        return None
    noun = sentence.tokens[verb.head]
    while noun.rel == "nmod" and 0 <= noun.head < noun.index and sentence.tokens[noun.head].pos in ("NOUN", "PROPN"):
        noun = sentence.tokens[noun.head]
    return noun if noun.pos in ("NOUN", "PROPN") else None


def _place_clause_speaker(sentence: Sentence, verb: Token) -> Token | None:
    """"Керри сделал остановку в Кабуле, где в беседе с корреспондентами отметил, что …": a subjectless cue
    in a clause that opens with "где"/"когда"/"куда" after a comma speaks with the subject of the clause
    before it, if that subject agrees with the cue."""
    comma = next((t for t in reversed(sentence.tokens[:verb.index]) if t.text == ","), None)
    if comma is None or sentence.tokens[comma.index + 1].lemma not in ("где", "когда", "куда"):
        return None
    for t in reversed(sentence.tokens[:comma.index]):
        if t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin":
            subject = next((c for c in sentence.children(t) if c.rel in SUBJECTS), None)
            return subject if subject is not None and _agrees(subject, verb) else None
    return None


def _relative_clause_speaker(sentence: Sentence, verb: Token) -> Token | None:
    """"направил письмо, в котором возмутился …": a subjectless cue in a relative clause on a document
    ("в котором", "где") speaks with the voice of whoever wrote it, the subject of the verb above."""
    if not verb.rel.startswith("acl") or verb.head < 0:
        return None
    relative = [c for c in sentence.children(verb) if c.lemma in ("который", "где")]
    if not relative:
        return None
    document = sentence.tokens[verb.head]
    if document.head < 0:
        return None
    above = sentence.tokens[document.head]
    if above.pos not in ("VERB", "AUX"):
        return None
    subject = next((c for c in sentence.children(above) if c.rel in SUBJECTS), None)
    if subject is None or not _agrees(subject, verb):
        return None
    return subject


def _agrees(noun: Token, verb: Token) -> bool:
    number = verb.feats.get("Number")
    if number and noun.feats.get("Number") and number != noun.feats.get("Number"):
        return False
    gender = verb.feats.get("Gender")
    return not (number == "Sing" and gender and noun.feats.get("Gender") and gender != noun.feats.get("Gender")
                and noun.feats.get("Animacy") != "Anim")


def agreeing_nominative(sentence: Sentence, verb: Token) -> Token | None:
    """The parser missed the subject ("Также на заседании Председатель … заявил"): the nearest
    nominative noun of the same clause that agrees with the verb, before it, else right after it."""
    def usable(t: Token) -> bool:
        # a Latin name ("пишет ''Washington Post''", "Как сообщал Reuters") has no case
        # (not one hung on a noun: "рабочие Visteon рассказали" is said by the workers)
        foreign = (t.pos == "X" or (t.feats.get("Foreign") == "Yes" and t.rel != "nmod")) and t.text[:1].isupper()
        return (foreign or t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Nom") and _agrees(t, verb) \
            and not _in_prepositional_phrase(sentence, t)
    for t in reversed(sentence.tokens[:verb.index]):
        # not into the quotation right before the cue ("«…», пишет ''Washington Post''")
        if t.text in ",;:—–" and t.index < verb.index - 1 or t.text in QUOTE_MARKS and t.index >= verb.index - 2:
            break
        if usable(t):
            return t
    for t in sentence.tokens[verb.index + 1:verb.index + 6]:
        if t.pos == "PUNCT" and t.text not in QUOTE_MARKS:
            break
        if usable(t):
            return t
    return None


def _in_prepositional_phrase(sentence: Sentence, token: Token) -> bool:
    """Whether the token is a preposition's noun or hangs on one through caseless names ("в интервью Fox
    News": "News" is no subject however it is tagged). A nominative hung on an oblique noun ("на заседании
    Председатель …") is a mis-attachment, not part of the phrase."""
    for _ in range(4):
        if any(c.rel == "case" for c in sentence.children(token)):
            return True
        if token.head < 0 or token.rel not in ("flat", "flat:name", "flat:foreign", "nmod", "appos", "iobj"):
            return False
        head = sentence.tokens[token.head]
        if head.pos not in ("NOUN", "PROPN", "X") or token.feats.get("Case", head.feats.get("Case")) != head.feats.get("Case"):
            return False
        token = head
    return False


def is_cue(sentence: Sentence, token: Token) -> bool:
    if token.lemma in ANSWER_VERBS and any(c.lemma in MEETING_OBJECTS and c.feats.get("Case") == "Dat"
                                           for c in sentence.children(token)):
        return False  # "перестали отвечать «требованиям дня»": to meet, not to answer
    if token.lemma in VERDICT_VERBS and any(c.lemma in VERDICT_WORDS for c in sentence.children(token)) \
            and not any(c.lemma == "себя" for c in sentence.children(token)):
        return False  # "суд признал его виновным": a verdict, not a report ("признал себя виновным" is a plea)
    if token.lemma in SPEECH_VERBS or token.lemma in BELIEF_VERBS or token.lemma in NAMING_VERBS:
        return token.pos in ("VERB", "AUX")
    if token.pos == "ADJ" and token.feats.get("Variant") == "Short":  # pymorphy2 lemmatises "уверена" as "уверить"
        return token.lemma in BELIEF_ADJECTIVES or token.text.lower().replace("ё", "е").startswith(("уверен", "убежден"))
    if token.lemma in EXPRESS_VERBS:
        return any(c.rel == "obj" and c.lemma in EXPRESSED_NOUNS for c in sentence.children(token))
    if token.lemma in ATTENTION_VERBS:  # "обратил внимание, что …" (the clause rule needs "что")
        return any(c.rel == "obj" and c.lemma == ATTENTION_VERBS[token.lemma] for c in sentence.children(token))
    if token.lemma in LIGHT_VERB_CUES and token.head >= 0:  # "дал понять, что …"
        return sentence.tokens[token.head].lemma in LIGHT_VERB_CUES[token.lemma]
    return False
