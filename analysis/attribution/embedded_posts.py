"""Embedded posts: a block-quoted tweet or social-media post is a statement of its author.

News sites embed a post with the platform's markup, whose plain-text fallback is what a text
extraction keeps: Twitter's ``<blockquote class="twitter-tweet">`` holds the post's text and
closes with the signature "— Display Name (@handle) November 21, 2015" (Instagram: "A post
shared by Name (@handle) on Nov 21, 2015 at 10:00am PST"; Facebook: "Posted by Name on
Monday, November 21, 2016"; :data:`analysis.article.POST_SIGNATURE`). PolNeAR's texts keep the
embed as ``<tweet tweet-author="@handle" tweet-date="…">TEXT<tweet/>``; a tag without text
(``<tweet tweet-id="…"><tweet/>``) is no statement. News style introduces such a block with
"X tweeted:" / "X wrote on Twitter:" (the ``colon_introduction`` of :mod:`.statements`).

A post is one ``direct`` statement (rule ``embedded_post``) whose content is the post's text
(trailing links dropped) and whose sentence span covers the whole block, signature included,
so every sentence still lies in exactly one top-level statement. The speaker is the display
name of the signature; a post with only a handle (the PolNeAR tag) takes the introduction's
speaker when there is one, else the handle. The cue is empty: the block itself is the act of
saying.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.article import POST_SIGNATURE, Paragraph

RULE = "embedded_post"
#: Speaker confidence: the display name stands in the signature / only the handle does.
NAMED_CONFIDENCE = 0.95
HANDLE_CONFIDENCE = 0.85

_TWEET_TAG = re.compile(r'<tweet\b(?P<attrs>[^>]*)>(?P<body>.*?)<tweet\s*/>[\s.]*$', re.DOTALL)
_TAG_AUTHOR = re.compile(r'\btweet-author="(?P<handle>[^"]+)"')
_TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+|t\.co/\S+))+\s*$")


@dataclass(frozen=True)
class Post:
    """One embedded post: its content span, the speaker's span (name or handle) and the block."""

    content: tuple[int, int]
    speaker: tuple[int, int] | None
    named: bool  # the speaker is a display name (wins over an introduction), not only a handle
    start: int  # the block: first paragraph's start .. signature's end
    end: int

    @property
    def confidence(self) -> float:
        return NAMED_CONFIDENCE if self.named else HANDLE_CONFIDENCE


def _content(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The post's words between ``start`` and ``end``, spaces and trailing links trimmed."""
    while start < end and text[start].isspace():
        start += 1
    links = _TRAILING_LINKS.search(text, start, end)
    if links is not None and links.start() > start:
        end = links.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def _tagged_post(text: str, para: Paragraph) -> Post | None:
    match = _TWEET_TAG.match(text, para.start, para.end)
    if match is None:
        return None
    content = _content(text, match.start("body"), match.end("body"))
    if content is None:
        return None
    author = _TAG_AUTHOR.search(match.group("attrs"))
    speaker = None
    if author is not None:
        base = match.start("attrs")
        speaker = (base + author.start("handle"), base + author.end("handle"))
    return Post(content, speaker, False, para.start, para.end)


def _signature(text: str, para: Paragraph) -> re.Match[str] | None:
    match = POST_SIGNATURE.search(text, para.start, para.end)
    return match if match is not None and match.end() >= para.end else None


def _signed_speaker(match: re.Match[str]) -> tuple[int, int]:
    for group in ("name", "iname", "fname"):
        if match.group(group) is not None:
            start, end = match.span(group)
            return start, end
    raise AssertionError("POST_SIGNATURE matched without a name")


def find_posts(text: str, paragraphs: list[Paragraph]) -> tuple[dict[int, Post], set[int]]:
    """The embedded posts among ``paragraphs`` (body paragraphs, in order): keyed by the index of
    the paragraph where each starts, and the indices of the paragraphs a post goes on into
    (a signature that stands in its own paragraph after the post's text)."""
    posts: dict[int, Post] = {}
    continued: set[int] = set()
    for i, para in enumerate(paragraphs):
        if para.kind != "body":
            continue
        tagged = _tagged_post(text, para)
        if tagged is not None:
            posts[para.index] = tagged
            continue
        signature = _signature(text, para)
        if signature is None:
            continue
        speaker = _signed_speaker(signature)
        content = _content(text, para.start, signature.start())
        if content is not None:
            posts[para.index] = Post(content, speaker, True, para.start, para.end)
            continue
        previous = paragraphs[i - 1] if i > 0 else None
        if previous is None or previous.kind != "body" or previous.index != para.index - 1 or previous.index in posts:
            continue
        content = _content(text, previous.start, previous.end)
        introduces = text[previous.start:previous.end].rstrip().endswith(":")  # "X tweeted:", the text lost
        if content is not None and not introduces and _signature(text, previous) is None:
            posts[previous.index] = Post(content, speaker, True, previous.start, para.end)
            continued.add(para.index)
    return posts, continued
