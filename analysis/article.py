"""Read a news article from disk: validate it, find its title, headings, boilerplate and paragraphs.

Input format: UTF-8 plain text, title on the first non-empty line; paragraphs are separated by
blank lines or, as in many scraped articles, by single line breaks after sentence-final
punctuation. Short lines without final punctuation are subheadings. Page furniture
(advertisement markers, comment policies, newsletter prompts) is boilerplate. An optional JSON
sidecar ``ARTICLE.json`` beside ``ARTICLE.txt`` carries title, outlet, date, url, the stance
target, known actors with aliases and extra frames.

Every offset in this package is a character offset into :attr:`Article.text`, the file decoded
exactly as it is (CRLF, non-breaking spaces and all; only a UTF-8 byte-order mark is dropped).
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from analysis.errors import ArticleError, MisencodingWarning
from analysis.languages import Language, detect_language, normalise_language
from analysis.schema import Sidecar

ParagraphKind = Literal["title", "heading", "body", "boilerplate"]

# Lines that are page furniture, not journalism. Matched against the start of a paragraph,
# case-insensitively. Kept deliberately specific: a false positive would hide real text.
BOILERPLATE_PATTERNS = [
    r"advertisement\W*$",
    r"(sponsored|promoted) (content|stories)\W*$",
    r"comments? (you share|are welcome|policy)",
    r"please be respectful",
    r"(sign up|subscribe) (for|to) (our|the)\b.*\b(newsletter|updates|alerts)",
    r"click here\b",
    r"read more\s*:",
    r"(also read|related|recommended|see also)\s*:",
    r"follow (us|@\w+) on\b",
    r"share (this|on) (article|story|facebook|twitter|x)\b",
    r"(copyright|©)\s*(\d{4}|©)",
    r"all rights reserved",
    r"this (article|story) (was|has been) (originally )?(published|updated|corrected)\b",
    r"we (use|value) cookies",
    # Russian news sites' furniture (TASS, RIA Novosti, Interfax, RBC, Kommersant, Meduza)
    r"(читайте|смотрите) (также|еще|ещё|подробнее)\b",
    r"(по теме|подробнее|ранее по теме|материалы по теме)\s*:",
    r"подпис(ывайтесь|аться) на (наш|нас|канал|телеграм|telegram|рассылку)",
    r"реклама\W*$",
    r"(все права защищены|при (полном или частичном )?(использовании|цитировании) (материалов|ссылка))",
    r"(фото|фотография|видео|иллюстрация)\s*:\s",
    r"(photo|image|video) (credit|courtesy)\s*:",
    r"(listen to|download) (this|the) (article|story|podcast)",
    r"report an error\b",
]
_BOILERPLATE_RE = re.compile(r"^\s*(?:" + "|".join(BOILERPLATE_PATTERNS) + ")", re.IGNORECASE)
_FINAL_PUNCT = ".!?:;…\"'”’)]"
MAX_HEADING_WORDS = 14

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_POST_DATE = _MONTH + r"\s+\d{1,2},\s+\d{4}"
_POST_NAME = r"[^\s()\[\]—–\-][^()\[\]\n—–]{0,60}?"
#: The signature line that closes an embedded post in its embed markup's plain-text fallback:
#: Twitter's "— Name (@handle) November 21, 2015", Instagram's "A post shared by Name (@handle)
#: on Nov 21, 2015 at 10:00am PST", Facebook's "Posted by Name on Monday, November 21, 2016".
#: It ends its paragraph; groups ``name``, ``handle`` (may be None).
POST_SIGNATURE = re.compile(
    r"(?:^|(?<=\s))(?:"
    r"(?:—|–|--|-)\s*(?P<name>" + _POST_NAME + r")\s*\((?P<handle>@\w{1,15})\)\s*(?:on\s+)?" + _POST_DATE
    + r"|(?:(?:—|–|--|-)\s*)?A post shared by (?P<iname>" + _POST_NAME + r")\s*\((?P<ihandle>@[\w.]{1,30})\)\s*on\s+"
    + _POST_DATE + r"(?:\s+at\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?)?"
    + r"|(?:(?:—|–|--|-)\s*)?Posted by (?P<fname>[A-Z]" + _POST_NAME + r")\s+on\s+[A-Z][a-z]+day,\s+" + _POST_DATE
    + r")\s*$")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or title / heading / boilerplate line) as a span of the text."""

    index: int
    start: int
    end: int
    kind: ParagraphKind
    section: str  # the heading this paragraph falls under ("" before the first heading)


@dataclass
class Article:
    """A decoded article with its layout. ``text[p.start:p.end]`` is each paragraph."""

    text: str
    path: Path | None
    title: str
    sidecar: Sidecar
    paragraphs: list[Paragraph]

    @property
    def headings(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.paragraphs if p.kind == "heading"]

    @property
    def boilerplate(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.paragraphs if p.kind == "boilerplate"]

    @property
    def content_paragraphs(self) -> list[Paragraph]:
        """Title and body paragraphs: the text that statements are made of."""
        return [p for p in self.paragraphs if p.kind in ("title", "body")]

    @property
    def target(self) -> str | None:
        return self.sidecar.target

    @property
    def language(self) -> Language:
        """The sidecar's language when it names one, else the one the text is written in."""
        if self.sidecar.language:
            return normalise_language(self.sidecar.language, f"{self.path or 'input'}: sidecar")
        return detect_language(self.text)

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "article"


def decode_article_bytes(data: bytes, *, source: str = "input", encoding: str | None = None) -> str:
    """Decode bytes to text, refusing empty, binary and mis-encoded input with a clear message."""
    if not data.strip():
        raise ArticleError(f"{source}: the file is empty (no text to analyse).")
    sample = data[:8192]
    if b"\x00" in sample:
        raise ArticleError(
            f"{source}: this looks like a binary file (it contains NUL bytes), not a plain-text "
            "article. Convert it to UTF-8 text first (e.g. `pdftotext`, or save as .txt)."
        )
    if encoding is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"{source}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}). "
                "Pass the file's encoding (`--encoding cp1252`, `read_article(path, encoding=...)`) "
                "or convert it: `iconv -f cp1252 -t utf-8 IN > OUT`."
            ) from None
    else:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ArticleError(f"{source}: cannot decode as {encoding}: {exc}") from None
        text = text.removeprefix("\ufeff")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise ArticleError(f"{source}: too many control characters for a text article; is it binary?")
    if not any(ch.isalpha() for ch in text):
        raise ArticleError(f"{source}: the file has no letters; there is no article to analyse.")
    c1 = sum(1 for ch in text if "\x80" <= ch <= "\x9f")
    if c1:
        # cp1252 puts curly quotes and dashes at 0x80-0x9F, where latin-1 has C1 controls: decoded
        # as latin-1 (or ISO-8859-x) a cp1252 file loses every curly quote, and its quotations with them
        if encoding is None:
            fix = ("typical of Windows text once converted to UTF-8 as if it were latin-1: its curly quotes "
                   "and dashes are lost and quotations go unseen. Convert the original with "
                   "`iconv -f cp1252 -t utf-8`")
        else:
            fix = (f"typical of a Windows file decoded as {encoding}: its curly quotes and dashes are lost and "
                   "quotations go unseen. Pass `--encoding cp1252` (`read_article(path, encoding='cp1252')`)")
        warnings.warn(f"{source}: the decoded text holds {c1} C1 control character(s) (U+0080-U+009F), {fix}.",
                      MisencodingWarning, stacklevel=2)
    return text


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its line break; CRLF, CR and LF all count."""
    spans, pos = [], 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_heading_line(line: str) -> bool:
    """A short line without sentence-final punctuation: a subheading (or a headline)."""
    stripped = line.strip()
    if not stripped or stripped[-1] in _FINAL_PUNCT or POST_SIGNATURE.search(stripped):
        return False
    return len(stripped.split()) <= MAX_HEADING_WORDS and len(stripped) <= 100


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE_RE.match(line))


def _blocks(text: str) -> list[tuple[int, int]]:
    """Group lines into paragraph blocks.

    A blank line always ends a paragraph. A single line break is a hard wrap inside a paragraph
    (and the lines are joined) only when the line before it lacks sentence-final punctuation and
    the next line continues in lower case; otherwise it ends the paragraph.
    """
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for start, end in _line_spans(text):
        s, e = _strip_span(text, start, end)
        if s == e:
            if current:
                blocks.append(current)
            current = None
            continue
        line = text[s:e]
        if current is not None:
            prev = text[current[0]:current[1]]
            last_line = prev.rsplit("\n", 1)[-1]
            # A line that continues in lower case is a wrapped sentence, even if short.
            wrapped = last_line.rstrip()[-1] not in _FINAL_PUNCT and line[:1].islower() and not is_boilerplate(line)
            if wrapped:
                current = (current[0], e)
                continue
            blocks.append(current)
        current = (s, e)
    if current:
        blocks.append(current)
    return blocks


def parse_article(text: str, *, path: Path | None = None, sidecar: Sidecar | dict | None = None) -> Article:
    """Lay out decoded text into title, headings, boilerplate and body paragraphs."""
    if not isinstance(sidecar, Sidecar):
        sidecar = Sidecar.from_dict(sidecar or {})
    paragraphs: list[Paragraph] = []
    section = ""
    title = ""
    in_boilerplate_tail = False
    blocks = _blocks(text)
    # A post's text before its signature line is no subheading, even when short and unpunctuated.
    signed = {i - 1 for i, (start, end) in enumerate(blocks) if POST_SIGNATURE.match(text[start:end].strip())}
    for index, (start, end) in enumerate(blocks):
        block = text[start:end]
        if not paragraphs:
            kind: ParagraphKind = "title"
            title = " ".join(block.split())
        elif is_boilerplate(block) or (in_boilerplate_tail and is_heading_line(block)):
            kind = "boilerplate"
            in_boilerplate_tail = True
        elif is_heading_line(block) and index not in signed:
            kind = "heading"
            section = " ".join(block.split())
        else:
            kind = "body"
            in_boilerplate_tail = False
        paragraphs.append(Paragraph(index, start, end, kind, section if kind != "title" else ""))
    if not paragraphs:
        raise ArticleError(f"{path or 'input'}: no paragraphs found.")
    if sidecar.language:  # an unsupported language is an error here, before any work
        normalise_language(sidecar.language, f"{path or 'input'}: sidecar")
    if sidecar.title and sidecar.title.strip() != title:
        warnings.warn(f"{path or 'input'}: the sidecar's title differs from the article's first line: "
                      f"{sidecar.title!r} vs {title!r}; the first line is used", stacklevel=2)
    return Article(text=text, path=path, title=title, sidecar=sidecar, paragraphs=paragraphs)


def sidecar_path(path: Path) -> Path:
    return path.with_suffix(".json")


def read_sidecar(path: Path) -> Sidecar:
    """The article's sidecar, empty when there is none. Malformed JSON or fields are an error."""
    side = sidecar_path(path)
    if not side.exists():
        return Sidecar()
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArticleError(f"{side}: the sidecar is not valid UTF-8 JSON: {exc}") from None
    return Sidecar.from_dict(data, str(side))


def read_article(path: str | Path, *, encoding: str | None = None) -> Article:
    """Read ``path`` (and its ``.json`` sidecar) into an :class:`Article`.

    Raises :class:`ArticleError` with a message fit for the user on a missing, empty, binary or
    mis-encoded file; never returns a silently damaged text.
    """
    path = Path(path)
    if not path.exists():
        raise ArticleError(f"{path}: no such file.")
    if path.is_dir():
        raise ArticleError(f"{path}: is a directory; give the article's .txt file.")
    text = decode_article_bytes(path.read_bytes(), source=str(path), encoding=encoding)
    return parse_article(text, path=path, sidecar=read_sidecar(path))
