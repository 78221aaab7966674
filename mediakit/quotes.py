"""Quotations and their speakers: who is quoted in the news, and how often.

Arabic news marks reported and direct speech in a regular way, and :func:`quotes` reads it
with rules, in one pass over each text:

- a speech verb (``mediakit/data/speech_verbs.csv``: قال، أكد، أضاف، أوضح، صرح، أعلن، أشار …)
  in its past, present and participle forms, masculine and feminine, singular and plural,
  with the proclitics و and ف, with or without diacritics, and the passive forms that differ
  in writing (قيل، يقال، أفيد); or its verbal noun (``speech_nouns.csv``: تأكيد، تصريحات،
  إعلان، نفي …) with the speaker as its genitive (وسط تأكيد الرئيس أن …) or its pronoun
  (تأكيده أن …);
- its speaker: the noun phrase after the verb (وقال وزير الخارجية عادل الجبير إن …), before it
  (لكن إدارة الموقع قالت إن …), after عن with نقل (نقلت الوكالة عن مسؤول قوله …), or after an
  attribution (بحسب / حسب / وفق / وفقا لـ / نقلا عن);
- its content: the clause after أن / إن / بأن (to the end of the sentence), the words between
  quotation marks (« » “ ” " " ﴿ ﴾) after the verb or a colon, or just before the verb
  («…»، قال X) or the attribution; a short quotation counts only where the verb's
  preposition governs it (شددت على ضرورة "تحقيق عاجل") or where it ends the clause after a
  verb of saying (قال كيم "سوف نواجه تحديات"), else it is a name or a term;
- speech inside what was said: a verb whose speaker is named there (قالت إن ولي العهد أوضح
  أن …), and the first person inside a quotation ("… أعتقد أن …"), whose speaker is the one
  quoted.

A speech verb without content (أعلن موقع توتير حظر …, an announcement with a direct object)
is not counted: the rules need the content marked to tell the speaker from the object.

The word lists (complementizers, attributions, the words that end a speaker's phrase, role
and source words, given names that end in ة, the capitals that stand for their governments,
the verbs that go before a speech verb (ومضى يقول), the groups of :func:`voices`) are data:
``mediakit/data/speech_words.csv``.
"""

from __future__ import annotations

import csv
import json
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import pandas as pd

from mediakit._progress import progress_bar
from mediakit.arabic import normalization_table, normalize, spelling_pattern
from mediakit.entities import EntityCatalog, tag_entities

__all__ = [
    "QUOTE_COLUMNS",
    "SPEAKER_TYPES",
    "Quote",
    "evaluate_quotes",
    "quote_spans",
    "quotes",
    "speech_lexicon",
]

#: The columns of :func:`quotes`.
QUOTE_COLUMNS = [
    "id",
    "published",
    "source",
    "speaker",
    "speaker_type",
    "role",
    "verb",
    "quote",
    "quote_start",
    "quote_end",
    "speaker_start",
    "speaker_end",
    "inherited",
]
#: What a speaker can be (see :func:`quotes`).
SPEAKER_TYPES = ("entity", "role", "name", "source", "religious", "unresolved")

_MARKS = "\u064b-\u065f\u0670\u0640"
_MARK_CHARS = "".join(map(chr, range(0x064B, 0x0660))) + "\u0670\u0640"
_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}]")
_OPEN = {"«": "»", "“": "”", '"': '"', "﴿": "﴾", "„": "”"}
_CLOSE = {"»": "«", "”": "“", '"': '"', "﴾": "﴿"}
_STOPS = ".!?؟\n"
_LONGEST_SENTENCE = 2000  # characters
# a proclitic on a verb, and the pronoun suffixes of a complementizer (إنه، أنها، بأنهم)
_VERB_CLITICS = ("و", "ف")
#: Forms that, once hamza and alef are folded, are other common words: أقرا (they two
#: admitted) is written like أقرأ (I read) and اقرأ (read: اقرأ أيضا).
_NOT_VERB_FORMS = frozenset({"اقرا"})
_NOUN_CLITICS = ("", "و", "ب", "ل", "ف", "وب", "ول", "فب")
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "ك", "كم")
_MAX_SPEAKER = 12  # words
#: A name written like a stop word once ى is folded to ي: اعتبر علي الرميحي أن … (Ali), not على.
_NAME_NOT_PREPOSITION = re.compile(f"علي[{_MARKS}]*")
#: Verbs with no subject after them that are read as passives: يذكر أن (it is worth recalling),
#: يعتقد أنه قتل (he is believed to have been killed), يتوقع أن (it is expected).
_IMPERSONAL = frozenset(
    {
        "يذكر",
        "ويذكر",
        "يشار",
        "ويشار",
        "يقال",
        "ويقال",
        "يعتقد",
        "ويعتقد",
        "يتوقع",
        "ويتوقع",
        "يرجح",
        "ويرجح",
        "يعتبر",
        "ويعتبر",
    }
)
#: Words that open a time phrase, not a speaker (الأمين العام is a speaker: only first words).
_NOT_FIRST = frozenset({"العام", "الشهر", "الاسبوع", "السنة", "غير"})  # غير مرة: "more than once"
#: An indefinite participle of manner after the verb (متوجها، مبتسما، مستدركا، ممازحا): م and a
#: consonant, not the long vowel of a name (ماريا، ميلانيا، مونيكا), nor a noun with its
#: pronoun (مراسلها).
_CIRCUMSTANTIAL = re.compile("م[^اوي][\u0621-\u064a]{1,}[^ه]ا")  # not مراسلها، محامياها
_ADJUNCT = frozenset({"امام", "في", "خلال", "لدي", "عبر", "اثناء", "عقب", "بعد"})
_NOT_REPORTING = frozenset(
    {
        "قبل",
        "بعد",
        "منذ",
        "دون",
        "بدون",
        "حتي",
        "كي",
        "لكي",
        "من",
        "يمكن",
        "يجب",
        "ينبغي",
        "يمكنك",
        "عسي",
        "بمجرد",
        "علما",
        "رغم",
        "برغم",
        "يستحيل",
        "مستحيل",
        "المستحيل",
        "يتعين",
        "بد",
    }
)
_RELATIVE_WORDS = frozenset({"ما", "بما", "لما", "مما", "فيما", "من", "الذي", "التي", "الذين"})
#: The verbs that only say: a short quotation after them is what was said, not a term.
_SAYING = frozenset({"قال", "أضاف", "تابع", "أردف", "كتب", "غرد", "صرح", "علق", "كرر"})
#: Source words that are documents: a quotation after them is what they say.
_DOCUMENTS = frozenset({"بيان", "البيان", "بيانه", "بيانها", "بيانات", "البيانات", "بيانا", "وثيقة", "الوثيقة"})
_OWN_WORDS = frozenset({"تعبير", "قول", "وصف", "كلام", "زعم", "رواية", "تصريح", "راي", "اعتقاد"})
_DEMONSTRATIVES = frozenset({"ذلك", "هذا", "هذه", "تلك", "ذاك"})
_PREPOSITIONS = frozenset({"في", "عن", "من", "علي", "الي", "مع", "حول", "بشان", "خلال", "عبر", "لدي", "امام"})
_RESUMPTIVE = frozenset({"فيه", "فيها", "عنه", "عنها", "به", "بها"})
_RELATIVE = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان", "والذي", "والتي", "والذين"})
#: The verbs whose speaker follows a preposition: نقلت الوكالة عن مسؤول، جاء في البيان.
#: The words that open a topic, not a speaker, before a verb (وبخصوص مستقبله، قال …).
_TOPIC_WORDS = ("بخصوص", "بشان", "حول", "ردا", "تعليقا", "عن")  # normalised: بشأن
_TOPIC = frozenset(_TOPIC_WORDS) | frozenset("و" + w for w in _TOPIC_WORDS)
#: The words between a comma and the next speech verb that end a clause (…، لكنه قال).
_CONNECTORS = frozenset({"لكن", "لكنه", "لكنها", "لكنهم", "ولكن", "ولكنه", "ولكنها", "ثم", "كما", "فيما", "بينما"})
_SPEAKER_AFTER = {"نقل": "عن", "جاء": "في"}
_WINDOW = 260  # characters from the verb to its content at most (في مؤتمر صحفي عقده أمس …)
# one word normalised once: the same few thousand words recur around speech verbs
_norm = lru_cache(maxsize=1 << 17)(normalize)


@dataclass(frozen=True)
class Quote:
    """One speech instance in a text: offsets index the text as written."""

    verb: str
    quote_start: int
    quote_end: int
    speaker_start: int
    speaker_end: int
    #: ``True`` when the speaker is the last explicit one (وأضاف أن …, قائلا …).
    inherited: bool = False
    #: For an inherited speaker, the explicit mention it stands for when the speaker offsets
    #: point to a shorter one nearer the verb (حسين سلامي … ووجه سلامي تحذيرا، قائلا); else -1.
    named_start: int = -1
    named_end: int = -1


# -- the lexicon ---------------------------------------------------------------------------------


def _data_rows(name: str) -> list[dict]:
    text = files("mediakit.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class _Lexicon:
    verbs: dict  # normalised form -> (lemma, kind) kind: verb / participle / attribution / noun
    first: dict  # the first person present (أعتقد، نقول) -> (lemma, "first"), not in ``verbs``
    takes: dict  # lemma -> the preposition that may open its content (أشار إلى أن)
    words: dict  # kind -> frozenset of normalised words
    groups: tuple  # (normalised phrase, group) in file order
    role_groups: dict  # normalised role word -> group
    subtype_groups: dict  # catalog subtype -> group
    first_trigger: re.Pattern  # finds the first person, sought only inside quotations
    markers: dict  # lemma -> the pattern of what opens its content ("" for the verbs without a preposition)
    generic: dict  # a generic noun (الشركة) -> the catalog subtypes it may stand for
    names: frozenset  # the people of the default catalog, normalised, with their aliases
    states: frozenset  # its countries, with their aliases, and the capitals of speech_words.csv
    known: frozenset  # names and states together
    known_starts: frozenset  # the first words of the known names of several words (روسيا of روسيا الاتحادية)


def _forms(row: dict) -> dict[str, str]:
    """Every written form of one verb: normalised form -> verb / participle."""
    out: dict[str, str] = {}
    past, present, participle = (normalize(row[k].strip()) for k in ("past", "present", "participle"))
    stems = set()
    if past:
        stem = past[:-1] if past.endswith("ي") else past  # رأى / نفى: رأت، نفت
        stems |= {past, past + "ت", stem + "ت", past + "وا", past + "ا", past + "تا", past + "ن"}
    if present:
        # no first person (نذكر أن، نقول): the writer speaks, not a source
        stems |= {present, "ت" + present[1:], present + "ون", present + "ان"}
        if present.endswith(("و", "ي")):
            stems |= {present[:-1] + "ون"}
    stems |= {normalize(w.strip()) for w in (row.get("other") or "").split("|") if w.strip()}
    for stem in stems - _NOT_VERB_FORMS:
        for clitic in ("", *_VERB_CLITICS):
            out[clitic + stem] = "verb"
    if participle:
        base = participle[:-1] if participle.endswith("ا") else participle
        for form in (participle, base, base + "ة", base + "ين", base + "ون"):
            out.setdefault(form, "participle")
    return out


def _marker_pattern(preposition: str) -> re.Pattern:
    """What opens a content: a colon, a quotation mark, a complementizer with its clitics and
    pronoun (أن، وإن، بأنه، فإنها، لأن), or the verb's preposition (إلى، على، من، عن)."""
    marks = f"[{_MARKS}]*"
    hamza_alef = f"[اأإ]{marks}"
    suffix = "(?:" + "|".join(s for s in _SUFFIXES if s) + ")?"
    comp = f"[وف]?{marks}[بل]?{marks}{hamza_alef}ن{marks}{suffix}{marks}"
    words = [comp]
    if preposition:
        words.append(spelling_pattern([preposition]))
    edge = f"[\\w{_MARKS}]"
    return re.compile(f'(?<!{edge})(?:{"|".join(words)})(?!{edge})|[:«“"﴿„]')


def _trigger_pattern(forms: Iterable[str]) -> re.Pattern:
    """One pattern for the normalised forms as they may be written (see
    :func:`mediakit.arabic.spelling_pattern`), whole words only. It opens with the letters a
    form may begin with, written in any way that folds to them: the scan then skips the other
    positions at once (a fifth faster over news text)."""
    forms = list(forms)
    if not forms:
        return re.compile("(?!)")
    edge = f"[\\w{_MARKS}]"
    heads = {form[0] for form in forms}
    heads |= {chr(cp) for cp, value in normalization_table("search").items() if value and value in heads}
    first = "[" + "".join(re.escape(ch) for ch in sorted(heads)) + "]"
    return re.compile(f"(?={first})(?<!{edge}){spelling_pattern(forms)}(?!{edge})")


def _catalog_names() -> tuple[frozenset[str], frozenset[str]]:
    """The people and the countries of the default catalog, normalised, with their aliases. A
    sentence's subject written without the article may be one of the people (ترامب، أوباما);
    a country only when the verb's object follows it, for a country opening a sentence is as
    often its topic as its speaker (وتستضيف مصر …، وقال)."""
    frame = EntityCatalog.default().to_frame()

    def names(rows: pd.DataFrame) -> frozenset[str]:
        pairs = zip(rows["entity"], rows["aliases"], strict=True)
        return frozenset(normalize(name) for entity, aliases in pairs for name in (entity, *aliases))

    return names(frame[frame["type"] == "PER"]), names(frame[frame["subtype"] == "country"])


@cache
def speech_lexicon() -> _Lexicon:
    """The speech verbs and word lists of ``mediakit/data/speech_*.csv``, compiled once.

    Examples
    --------
    >>> lexicon = speech_lexicon()
    >>> lexicon.verbs["وقالت"], lexicon.verbs["مضيفا"]
    (('قال', 'verb'), ('أضاف', 'participle'))
    """
    verbs: dict[str, tuple[str, str]] = {}
    takes: dict[str, str] = {}
    for row in _data_rows("speech_verbs.csv"):
        lemma = row["lemma"].strip()
        for form, kind in _forms(row).items():
            verbs.setdefault(form, (lemma, kind))
        if (row.get("takes") or "").strip():
            takes[lemma] = normalize(row["takes"].strip())
    first: dict[str, tuple[str, str]] = {}
    for row in _data_rows("speech_verbs.csv"):
        # the first person (أعتقد، نقول): the writer's voice, or the speaker's inside a quotation
        present = normalize(row["present"].strip())
        if len(present) > 2:
            for stem in ("ا" + present[1:], "ن" + present[1:]):
                for clitic in ("", *_VERB_CLITICS):
                    first.setdefault(clitic + stem, (row["lemma"].strip(), "first"))
    for row in _data_rows("speech_nouns.csv"):
        # the verbal noun with its genitive speaker (وسط تأكيد الوزير أن …) or its pronoun (تأكيده أن)
        noun, lemma = normalize(row["noun"].strip()), row["lemma"].strip()
        for clitic in _NOUN_CLITICS:
            for suffix in ("", "ه", "ها", "هم"):
                verbs.setdefault(clitic + noun + suffix, (lemma, "noun"))
    words: dict[str, set[str]] = {}
    generic: dict[str, frozenset[str]] = {}
    groups, role_groups, subtype_groups = [], {}, {}
    for row in _data_rows("speech_words.csv"):
        kind, value = row["kind"].strip(), (row.get("value") or "").strip()
        if kind == "subtype":
            subtype_groups[row["word"].strip()] = value
            continue
        word = normalize(row["word"].strip())
        if kind == "group":
            groups.append((word, value))
            continue
        if kind == "generic":
            generic[word] = frozenset(value.split("|"))
            continue
        words.setdefault(kind, set()).add(word)
        if kind == "stop" and value == "when":
            words.setdefault("when", set()).add(word)  # أمس، مؤخرا: may stand between a verb and its subject
        if kind == "role" and value:
            role_groups[word] = value
    # the months (ديسمبر الماضي، أيار): a time, never a speaker's word; not the Hijri months
    # (رجب طيب أردوغان), nor months listed as names too (ماي: تيريزا ماي; جوان: Juan; نيسان: Nissan)
    months = json.loads(files("mediakit.data").joinpath("dates.json").read_text("utf-8"))["gregorian"]
    for month in months:
        if " " not in month and len(month) > 2 and month not in words.get("name", ()):
            words.setdefault("stop", set()).add(month)
            words.setdefault("when", set()).add(month)
    names, countries = _catalog_names()
    states = countries | frozenset(words.get("capital", ()))
    known = names | states
    for word in words.get("attribution", ()):
        verbs[word] = (word, "attribution")  # نقلا عن, not the dual of نقل
        for clitic in ("و", "ف", "ب"):
            if clitic + word != "فحسب":  # ليس … فحسب: "only"
                verbs.setdefault(clitic + word, (word, "attribution"))
    complementizers = {c + s for c in words.pop("complementizer", ()) for s in _SUFFIXES}
    complementizers |= {"و" + c for c in list(complementizers)}
    words["complementizer"] = complementizers
    markers = {"": _marker_pattern("")}
    markers.update({lemma: _marker_pattern(prep) for lemma, prep in takes.items()})
    return _Lexicon(
        verbs=verbs,
        takes=takes,
        words={k: frozenset(v) for k, v in words.items()},
        groups=tuple(groups),
        role_groups=role_groups,
        subtype_groups=subtype_groups,
        first={k: v for k, v in first.items() if k not in verbs},
        first_trigger=_trigger_pattern([k for k in first if k not in verbs]),
        markers=markers,
        generic=generic,
        names=names,
        states=states,
        known=known,
        known_starts=frozenset(" ".join(n.split()[:k]) for n in known for k in range(1, len(n.split()))),
    )


# -- finding the spans -----------------------------------------------------------------------------


_STOP_CHARS = re.compile("[" + re.escape(_STOPS) + "]")


@lru_cache(maxsize=8)
def _stops_of(text: str) -> list[int]:
    """Where the sentences of a text end (a full stop inside a number or an abbreviation does
    not), computed once per text: every speech word asks where its sentence starts."""
    n = len(text)
    return [
        i
        for i in (m.start() for m in _STOP_CHARS.finditer(text))
        if not (text[i] == "." and i < n - 1 and not text[i + 1].isspace() and _inner_dot(text, i))
    ]


def _sentence_start(text: str, pos: int) -> int:
    floor = max(0, pos - _LONGEST_SENTENCE)  # a sentence is sought at most this far back
    stops = _stops_of(text)
    k = bisect_left(stops, pos) - 1
    return stops[k] + 1 if k >= 0 and stops[k] >= floor else floor


def _inner_dot(text: str, i: int) -> bool:
    """Whether the full stop at ``i`` is inside a word: a number (3.5), an abbreviation or an
    address (كي.سي.ان.ايه، العربية.نت، فلايت أوير.كوم), a letter run of at most three on
    one side. A missing space after a sentence (عاما.وراح) has longer words on both sides."""
    if not (0 < i < len(text) - 1):
        return False
    before, after = text[i - 1], text[i + 1]
    if before.isdigit() and after.isdigit():
        return True
    if not (before.isalpha() and after.isalpha()):
        return False
    left = i
    while left > 0 and text[left - 1].isalpha():
        left -= 1
    right = i + 1
    while right < len(text) and text[right].isalpha():
        right += 1
    return min(i - left, right - i - 1) <= 3


def _closing(text: str, start: int, opener: str) -> int:
    """The index of the mark closing the quotation opened at ``start``, or -1."""
    closers = (_OPEN[opener],) if opener == "«" or opener == "﴿" else ("”", '"', "“")
    ends = [j for j in (text.find(c, start + 1, start + 3001) for c in closers) if j >= 0]
    return min(ends) if ends else -1


_TEASER = re.compile(r"\s*(?:[اإ]قر[أا]|قد يهمك|شاهد|اقرأ)(?: ايضا| أيضا| أيضاً)?\s*[:/]")
_END_OR_QUOTE = re.compile(r'[.!?؟\n«“"﴿„]')


def _sentence_end(text: str, pos: int) -> int:
    """The end of the sentence from ``pos``, quotations inside it skipped over."""
    n = len(text)
    m = _END_OR_QUOTE.search(text, pos)
    while m is not None:
        i = m.start()
        ch = text[i]
        if ch in _OPEN:
            j = _closing(text, i, ch)
            if j > 0 and "\n" not in text[i:j]:
                m = _END_OR_QUOTE.search(text, j + 1)
                continue
        elif not (ch == "." and i < n - 1 and not text[i + 1].isspace() and _inner_dot(text, i)):
            return i
        m = _END_OR_QUOTE.search(text, i + 1)
    return n


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "،,:-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,:-–—"):
        end -= 1
    return start, end


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_word(tok: str) -> bool:
    return tok[0].isalnum() or tok[0] == "_"


def _stops_speaker(norm: str, lex: _Lexicon, have: bool, written: str = "") -> bool:
    words = lex.words
    if norm in ("ب", "ل") or written.endswith("ـ") or written[:2] in ("لـ", "بـ"):
        return True  # بـ"التصعيد"، بالـ "غريبة"، لـCNN: a preposition written apart with a tatweel
    if written and _NAME_NOT_PREPOSITION.fullmatch(written):
        return False  # علي (Ali): the preposition على is written with ى, and folds to the same word
    if norm in words["stop"] or norm in words["complementizer"] or norm in words["pronoun"]:
        return True
    if not have and (norm in _NOT_FIRST or _CIRCUMSTANTIAL.fullmatch(norm)):
        return True  # وقالت، العام الماضي، إن / وقال متوجها إلى الحضور: when and how, not who
    if have and norm in words["attribution"]:
        return True
    # an addressee: لوكالة، للصحفيين، لرويترز (only after a word of the speaker: لافروف is a name)
    if norm.startswith("ل") and len(norm) > 2:
        rest = norm[1:]
        if rest in words["addressee"] or (norm.startswith("لل") and "ال" + norm[2:] in words["addressee"]):
            return True
    return False


def _content(text: str, mark: re.Match, lex: _Lexicon) -> tuple[int, int] | None:
    """The content a marker opens: a colon, a quotation mark, a complementizer (أن، إنه، بأن) or
    the preposition of the verb when a complementizer follows it (أشار إلى أن …); what a
    preposition governs alone is an object (دعا إلى وقف القتال), not reported speech."""
    found = mark.group()
    if found == ":":
        nxt = mark.end()
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        if nxt < len(text) and text[nxt] in _OPEN:
            return _quoted(text, nxt)
        word = _TOKEN.match(text, nxt)
        if word is not None and _norm(word.group()) in lex.words["complementizer"]:
            nxt = word.end()  # قال: إن "…"
            while nxt < len(text) and text[nxt] == " ":
                nxt += 1
            if nxt < len(text) and text[nxt] in _OPEN:
                return _quoted(text, nxt)
        return _to_end(text, nxt)
    if found in _OPEN:
        return _quoted(text, mark.start())
    norm = _norm(found)
    if norm in lex.words["complementizer"]:
        return _clause(text, mark.end(), lex)
    # the verb's preposition: a complementizer may follow it
    after = _TOKEN.match(text, mark.end() + 1) if mark.end() < len(text) else None
    if after is not None and _norm(after.group()) in lex.words["complementizer"]:
        return _clause(text, after.end(), lex)
    return None  # دعا إلى وقف …، حذر من …: an object, not what was said


def _term(text: str, at: int) -> bool:
    """A short quotation inside a phrase (لجماعة "حزب الله"، وصفها بـ"الأزمة") rather than
    the content: at most three words, not after a colon."""
    j = _closing(text, at, text[at])
    if j < 0:
        return False
    before = text[max(0, at - 2) : at].strip()
    return len(text[at + 1 : j].split()) <= 3 and not before.endswith(":")


def _said(text: str, stop: int, at: int, lemma: str) -> bool:
    """Whether a short quotation is what a verb of saying said (في حين قال كيم "سوف نواجه
    تحديات"): at most four words between them and nothing after it but the end of the clause.
    A term goes on inside its clause (قال "حزب الله" إن …)."""
    if lemma not in _SAYING or len(text[stop:at].split()) > 4:
        return False
    j = _closing(text, at, text[at])
    rest = text[j + 1 : j + 12].lstrip(" ")
    return not rest or rest[0] in ".،,؛!?؟\n" or _norm(rest.split()[0]) in _CONNECTORS


def _governed(norm: str, lemma: str, lex: _Lexicon) -> bool:
    """A word joined to the verb's one-letter preposition (تعهدت الشركة بإجراء …): the object
    begins, the speaker has ended. Only before a verbal noun (إجراء، تقديم، الالتزام), so that a
    name (بوتين) is not cut."""
    preposition = lex.takes.get(lemma)
    if not preposition or len(preposition) != 1 or not _opens_with(norm, preposition):
        return False
    rest = norm[1:]
    return len(rest) >= 4 and rest.startswith(("ال", "ا", "ت"))


def _opens_with(word: str, preposition: str) -> bool:
    """Whether a word is the preposition, or begins with it when it is one letter joined to the
    next word (بإجراء، بـ)."""
    return word == preposition or (len(preposition) == 1 and word.startswith(preposition))


def _named(text: str, at: int, lex: _Lexicon) -> bool:
    """A quotation that names the outlet or the medium just before it (لشبكة "بي أف أم تي في"،
    صحيفة "لوموند"): a name, however long."""
    before = text[max(0, at - 20) : at].split()
    if not before:
        return False
    word = _norm(before[-1])
    word = word[1:] if word.startswith("ل") and word[1:] in lex.words["source"] else word
    if word in _DOCUMENTS:
        return False  # في بيان "يضمن المركز …": what the statement says, not its name
    return word in lex.words["source"] and _closing(text, at, text[at]) >= 0


def _object_quote(text: str, stop: int, at: int, lemma: str, lex: _Lexicon) -> bool:
    """A short quotation that is what the verb's preposition governs, so what was said however
    short (شددت على ضرورة "تحقيق عاجل"، تعهدت بإجراء "تحقيقات كاملة"): the preposition is one
    of the three words before the quotation mark."""
    preposition = lex.takes.get(lemma)
    if not preposition:
        return False
    words = [_norm(w) for w in text[stop:at].split()[-3:]]
    inside = _TOKEN.match(text, at + 1)  # تعهد كيم "بطي صفحة الماضي": the preposition inside
    if inside is not None and len(preposition) == 1 and _norm(inside.group()).startswith(preposition):
        return True
    return any(_opens_with(w, preposition) for w in words)


_QUOTED_SOURCE = re.compile(r"(?:حسب|وفق|وفقا\s*ل)\s*ما\s+\S+\s*$")


def _named_source(text: str, at: int, lemma: str) -> bool:
    """A quoted name: the source of an attribution (بحسب ما نقلت "رويترز"), or before the
    preposition of the speaker (نقلت "وكالة الأنباء" عن مراسلها)."""
    if _QUOTED_SOURCE.search(normalize(text[max(0, at - 30) : at])):
        return True
    preposition = _SPEAKER_AFTER.get(lemma)
    j = _closing(text, at, text[at])
    if preposition is None or j < 0:
        return False
    after = _TOKEN.match(text, j + 1) or _TOKEN.match(text, j + 2)
    return after is not None and _norm(after.group()) == preposition


def _quoted(text: str, s: int) -> tuple[int, int] | None:
    j = _closing(text, s, text[s])
    if j < 0 or "\n" in text[s:j]:
        return _to_end(text, s + 1)
    return s + 1, j


def _to_end(text: str, start: int) -> tuple[int, int] | None:
    start, end = _trim(text, start, _sentence_end(text, start))
    return (start, end) if end > start else None


def _clause(text: str, start: int, lex: _Lexicon) -> tuple[int, int] | None:
    """Reported speech after أن / إن to the end of its sentence, or to a comma followed by a
    new speech verb with its conjunction (… أن القوات تقدمت، ونقلت عن مسؤولين قولهم إن …،
    لكنه قال …) or by a speech participle (…، مضيفا أن …), which begins an utterance of its
    own. A speech verb with its conjunction and its own complementizer ends it too, comma or not
    (… بيانات "موثوق بها" وأكدت أن …)."""
    span = _to_end(text, start)
    if span is None:
        return None
    for m_start, m_end in _triggers_in(text, span[0], span[1], lex):
        written = text[m_start:m_end]
        word = _norm(written)
        lemma, kind = _entry(word, lex)
        before = text[span[0] : m_start].rstrip()
        if not before:
            continue
        if kind == "noun":
            # …، وسط تأكيده أن …: a comma, at most one word, and a verbal noun that reports
            comma = max(before.rfind("،"), before.rfind(","))
            if comma >= 0 and len(before[comma + 1 :].split()) <= 1 and _noun(text, written, m_end, lemma, lex):
                return _trim(text, span[0], span[0] + comma)
            continue
        if kind == "attribution":
            # … أن بلاده تمر بأيام عصيبة، وفق وكالة سبأ: the attribution is of the whole sentence
            toks = _tokens(text, m_end, _line_end(text, m_end, 160))
            if before.endswith(("،", ",")) and _attribution(text, m_start, lemma, toks, start, lex):
                return _trim(text, span[0], span[0] + len(before))
            continue
        if kind not in ("verb", "participle"):
            continue
        last = before.rsplit(None, 1)[-1]
        if kind == "participle":
            pass  # …، مضيفا أن / …، موضحةً: "…"
        elif _norm(last) in _CONNECTORS:  # …، لكنه قال "…"
            before = before[: len(before) - len(last)].rstrip()
        elif not _conjoined(word, lemma, lex):
            continue
        elif _speaks(text, m_end, lex):  # … وأكدت أن …
            return _trim(text, span[0], span[0] + len(before.rstrip("،,")))
        if before.endswith(("،", ",")):
            return _trim(text, span[0], span[0] + len(before))
    return span


#: The speech words of the text being read, found once by :func:`quote_spans` (one per thread).
_SCAN = threading.local()


def _triggers_in(text: str, start: int, end: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """The spans of the speech words inside ``text[start:end]``: taken from the words found
    once for the whole text when it is the one being read, else sought."""
    if getattr(_SCAN, "text", None) is text:
        starts, hits = _SCAN.starts, _SCAN.hits
        k = bisect_left(starts, start)
        out = []
        while k < len(hits) and hits[k][1] <= end:
            out.append(hits[k])
            k += 1
        return out
    return [h for h in _hits(text, lex) if start <= h[0] and h[1] <= end]


def _quote_before(text: str, pos: int, sent: int) -> tuple[int, int] | None:
    """A quotation that ends just before ``pos`` («…»، قال / "…" بحسب)."""
    i = pos - 1
    while i >= max(0, sent - 2) and text[i] != "\n" and (text[i].isspace() or text[i] in "،,."):
        i -= 1  # not past a line: the quotation closing the paragraph before is not attributed here
    if text[max(0, i - 3) : i + 1] == "وذلك":  # "…" وذلك بحسب وسائل الإعلام
        i -= 4
        while i >= 0 and (text[i].isspace() or text[i] in "،,."):
            i -= 1
    if i < max(0, sent - 2) or text[i] not in _CLOSE:
        return None
    opener = _CLOSE[text[i]]
    j = text.rfind(opener, max(0, i - 3000), i)
    if j < 0 or "\n" in text[j:i]:
        return None
    return j + 1, i


def _speaker_before(toks: list, k: int, lex: _Lexicon, subject: bool = True) -> tuple[int, int] | None:
    """The subject written before its verb (لكن إدارة الموقع قالت إن …), or with
    ``subject=False`` the noun a relative clause describes (في كتابة البيان، الذي قال إن …)."""
    skip = {
        "قد",
        "وقد",
        "فقد",
        "كان",
        "وكان",
        "كانت",
        "وكانت",
        "كانوا",
        "لقد",
        "بدوره",
        "بدورها",
        "من",
        "جهته",
        "جهتها",
    }
    boundary = (
        lex.words["stop"]
        | lex.words["auxiliary"]  # ومضى يقول، وراحت تقول: the verb before the verb, not its subject
        | lex.words["complementizer"]
        | _RELATIVE_WORDS
        | {"لكن", "ولكن", "كما", "فيما", "ما", "لا", "لم", "لن", "ولا", "ولم", "ولن", "فلم", "و", "ثم", "او", "حين"}
        | {"اذ", "اما", "واما"}  # إذ قال، أما جوناثان كونريكوس فقال: particles before the subject
    )
    span: list[tuple[int, int]] = []
    j = k - 1
    while j >= 0 and len(span) < 8:
        tok, s, e = toks[j]
        if not _is_word(tok):
            if (tok in "،," and not span) or tok in '"«»“”()':
                j -= 1
                continue
            break
        norm = _norm(tok)
        if norm in skip and not span:
            j -= 1
            continue
        if norm in skip or norm in lex.words["pronoun"]:
            break
        if norm in boundary or _verb_word(tok, norm, lex):
            break
        span.append((s, e))
        first = norm
        if norm.startswith("و") and len(norm) > 3:  # the phrase begins with its conjunction
            break
        j -= 1
    if not span or first in _TOPIC:
        return None  # وبخصوص مستقبله، قال: the topic, not the speaker
    if subject and j >= 0 and _is_word(toks[j][0]) and _norm(toks[j][0]) in _PREPOSITIONS:
        return None  # سألته عن موضوع البيع قال: what a preposition governs is not a subject
    return span[-1][0], span[0][1]


def _parse(text: str, start: int, stop: int, lex: _Lexicon, bound: int) -> tuple[str, tuple | None, tuple, bool] | None:
    """One word of the lexicon at ``start:stop``: (lemma, speaker span or None, content span)."""
    written = text[start:stop]
    lemma, kind = _entry(_norm(written), lex)
    sent = _sentence_start(text, start)
    if _TEASER.match(text, sent):  # اقرأ أيضا: … / قد يهمك: …, a link to another article
        return None
    if kind == "verb" and _came(lemma, text, stop):
        return None
    if kind == "verb" and _after_preposition(text, start):
        return None  # على ذكر المطلب، بعد إعلان: a verbal noun written like the verb
    if kind == "verb" and lemma.endswith("ى") and _noun_of_past(written, lemma):
        # رأي (opinion), نفي (denial): the past verb ends in ى; with ي it is its noun (not
        # the present: وتنفي أن …، ويري)
        return _noun(text, written, stop, lemma, lex)
    if kind == "attribution":
        return _attribution(text, start, lemma, _tokens(text, stop, _line_end(text, stop, 160)), sent, lex)
    if kind == "noun":
        return _noun(text, written, stop, lemma, lex)
    nxt = _TOKEN.match(text, stop + 1) if stop < len(text) else None
    after = _norm(nxt.group()) if nxt is not None else ""
    if lemma == "دعا" and _norm(text[max(0, start - 4) : start].strip()) in ("ما", "مما"):
        return None  # ما دعا عددا من المسعفين إلى التدخل: "which prompted"
    if (
        lemma == "وصف"
        and kind == "verb"
        and after in lex.words["complementizer"]
        and not _norm(written).endswith(("ه", "ها", "هم", "هما"))
    ):
        return None  # تقنية وصفت بأنها …: the passive (وُصفت); ووصفه بأنه … has its object
    limit = min(_sentence_end(text, stop), stop + _WINDOW, bound)
    pattern = lex.markers.get(lemma, lex.markers[""])
    content = None
    mark = pattern.search(text, stop, limit)
    while mark is not None:
        if (
            mark.group() in _OPEN
            and (
                (_term(text, mark.start()) and not _said(text, stop, mark.start(), lemma))
                or _named_source(text, mark.start(), lemma)
                or _named(text, mark.start(), lex)
            )
            and not _object_quote(text, stop, mark.start(), lemma, lex)
        ):
            mark = pattern.search(text, _closing(text, mark.start(), mark.group()) + 1, limit)
            continue
        if _norm(mark.group()) in lex.words["complementizer"] and (
            _governs_an(text, mark.start()) or "." in text[mark.start() - 1 : mark.end() + 1]
        ):  # قبل أن: not speech; سي.ان.ايه: letters of an abbreviation
            mark = pattern.search(text, mark.end(), limit)  # قبل أن يدخل، المخاوف من أن: not speech
            continue
        if lemma == "ادعى" and _norm(mark.group()) not in lex.words["complementizer"]:
            break  # يدعى عبد الحكيم …: "is named", written like يدعي; a claim takes أن
        if lemma == "دعا" and _norm(mark.group()) in lex.words["complementizer"]:
            # دعا reports with إلى (دعا إلى أن …, دعا إلى وقف …); ودعت (bade farewell) is
            # written the same: a bare إن after it is another clause's (إن فازت)
            mark = pattern.search(text, mark.end(), limit)
            continue
        if mark.group() in _OPEN or mark.group() == ":" or _norm(mark.group()) in lex.words["complementizer"]:
            content = _content(text, mark, lex)
            break
        content = _content(text, mark, lex)  # the verb's preposition
        if content is not None:
            break
        # تشير إلى زيادة المخزونات … من أن: what follows the preposition is its object; a marker
        # much further on belongs to another clause (أشار في حديثه إلى الصحفيين إلى أن: near)
        limit = min(limit, mark.end() + 40)
        mark = pattern.search(text, mark.end(), limit)
    if kind == "participle":
        return (lemma, None, content, False) if content and _adjunct(text[stop : mark.start()], lex) else None
    if content is None:  # no content after the verb: a quotation before it, or nothing
        content = _quote_before(text, start, sent)
        if content is None:
            return _review(text, start, stop, sent, lemma, kind, lex)
        needs_speaker = True
    else:
        needs_speaker = False
        limit = mark.start()
    if _describes(text, start, stop, lex):
        # المرصد، الذي أشار إلى أن …: the speaker is the noun the clause describes; the words
        # after the verb are its object (الذي يعتبر واحدا من الخبراء)
        behind = _tokens(text, max(sent, start - 160), start)
        back = _speaker_before(behind, len(behind) - 1, lex, subject=False)
        if back:
            words = [m for m in _TOKEN.finditer(text, back[0], back[1]) if _is_word(m.group())]
            if len(words) > 1 and _norm(words[0].group())[:1] == "و" and _norm(words[1].group()).startswith("ال"):
                back = (words[1].start(), back[1])  # وأصدرت المحكمة، التي شددت: the verb before its subject
        return (lemma, back, content, True) if back else None
    # the speaker: the words between the verb and the content, up to the first that ends it
    speaker: list[tuple[int, int]] = []
    stopped = False
    comma = False
    for m in _TOKEN.finditer(text, stop, limit):
        tok = m.group()
        if not _is_word(tok):
            if tok in "()" and speaker:
                stopped = True
            comma = tok in "،,"
            continue
        norm = _norm(tok)
        if (
            speaker
            and not comma
            and _with_pronoun(norm, lex)
            and _norm(text[speaker[-1][0] : speaker[-1][1]]).startswith("ال")
            and lemma != "نقل"
        ):
            stopped = True  # فيما أعلن العبادي متابعته …: a definite name, then its object
            continue
        if comma and speaker and lemma != "نقل" and _with_pronoun(norm, lex):
            # وذكرت موغيريني، نظيرها الأميركي، بأن …، المرصد، ومقره لندن: a noun with its
            # pronoun after the name is not its title
            stopped = True
        if speaker and not comma and lemma != "نقل" and _second_name(text, speaker, norm, m.end(), lex):
            stopped = True  # وهددت واشنطن طهران …، أبلغ ترامب بوتين: the second name is the object
            continue
        if speaker and not comma and lemma in _PEOPLE_OBJECT and _people_after_name(text, speaker[-1], norm, lex):
            stopped = True  # وأبلغ إنييستا الصحافيين "…"، ودعا الرئيس مويس المحتجين: the object
            continue
        comma = False
        if not speaker and not stopped and norm in lex.words["when"]:
            continue  # وأعلن مؤخرا رئيس الاتحاد …، وقال أمس الوزير: the subject follows the adverb
        if not speaker and not stopped and norm in ("فيه", "فيها") and _at_a_time(text, start):
            continue  # في الوقت الذي أكدت فيه الحكومة أن …: the subject follows فيه
        if _SPEAKER_AFTER.get(lemma) == norm or (lemma == "جاء" and norm in ("فيه", "فيها")):
            # نقلت الوكالة عن مسؤول قوله …، جاء في البيان: the speaker follows the preposition
            speaker, stopped = [], False
            continue
        if stopped:
            if lemma != "نقل":
                break
            continue
        if (
            _stops_speaker(norm, lex, bool(speaker), tok)
            or norm in _RELATIVE_WORDS  # أشاد بما وصفه: what, not who
            or _verb_word(tok, norm, lex)
            or _governed(norm, lemma, lex)
        ):
            stopped = True
            continue
        speaker.append(m.span())
        if len(speaker) > _MAX_SPEAKER:
            return None
    if needs_speaker and (not speaker or _points_back(text, speaker[-1][1])):
        return None  # "…". ونفى يوجيل ذلك: the verb's object points back; it does not introduce it
    if speaker:
        if _norm(text[speaker[0][0] : speaker[0][1]]) in lex.words["object"]:
            return None  # لم يشأ كشف هويته أنه …: a withheld name, the object of the verb
        return lemma, (speaker[0][0], speaker[-1][1]), content, True
    if _norm(written) in _IMPERSONAL:  # يذكر أن …: "it is worth recalling", no one speaks
        return None
    if _amma(text, sent, written):
        # أما مريم، التي ولدت في الدنمارك …، فقالت: the subject follows أما
        toks = _tokens(text, sent, start)[1:9]
        words = []
        for tok, s, e in toks:
            norm = _norm(tok)
            if not _is_word(tok) or norm in _RELATIVE or _stops_speaker(norm, lex, bool(words), tok):
                break
            words.append((s, e))
        if words and _norm(text[words[-1][0] : words[-1][1]]) not in lex.verbs:
            return lemma, (words[0][0], words[-1][1]), content, True
    if not _conjoined(_norm(written), lemma, lex):
        behind = _tokens(text, max(sent, start - 160), start)
        back = _speaker_before(behind, len(behind), lex)
        resumptive = after in _RESUMPTIVE  # بيانا أدانت فيه …
        if (
            back
            and not resumptive
            and not _antecedent(text[back[0] : back[1]], _verb_gender(_norm(written), lemma, lex))
        ):
            return lemma, back, content, True
    return lemma, None, content, False


def _with_pronoun(norm: str, lex: _Lexicon) -> bool:
    """Whether a word is a noun with a possessive pronoun (نظيرها، ومقره، متابعته، وجميعهم);
    not a name that ends in ه (خوسيه، أندريه، هيرفيه: ي before it; عبدالله، نصرالله;
    عبدربه: a listed name)."""
    if len(norm) < 5 or norm in lex.words["name"] or norm.endswith("لله"):
        return False
    return norm.endswith(("ها", "هم", "هما")) or (norm.endswith("ه") and norm[-2] != "ي")


#: the speech verbs whose object is often people, written between the speaker and what is said
#: (أبلغ إنييستا الصحافيين "…"، دعا الرئيس مويس المحتجين إلى …)
_PEOPLE_OBJECT = frozenset({"أبلغ", "دعا", "حذر", "طالب", "اتهم", "توعد", "هدد"})
#: nouns that take a plural genitive in a speaker's phrase (أحد المحتجين، بعض المراقبين)
_PLURAL_HEADS = frozenset({"احد", "بعض", "نصف", "كبير", "فريق", "عدد", "معظم", "غالبية", "جميع", "كل", "ممثل", "ممثلي"})


def _people_after_name(text: str, last: tuple[int, int], norm: str, lex: _Lexicon) -> bool:
    """Whether ``norm`` is a definite plural of people (الصحافيين، المحتجين، الأوروبيين) right
    after a name (``last``, a word without the article that is no title nor the head of a
    genitive): the verb's object, never part of the name (not زين العابدين)."""
    before = _norm(text[last[0] : last[1]])
    return (
        len(norm) >= 7
        and norm.startswith("ال")
        and norm.endswith("ين")
        and norm not in lex.words["name"]
        and not before.startswith(("ال", "لل", "و"))
        and before not in lex.words["role"]
        and before not in _PLURAL_HEADS
        and before not in _GENITIVE_HEADS
        and not before.endswith("ة")
    )


def _amma(text: str, sent: int, written: str) -> bool:
    """Whether a verb with ف answers the أما that opens its sentence (أما كونريكوس فقال: …):
    its subject is the one written between them."""
    first = text[sent : sent + 8].split()
    return written.startswith("ف") and bool(first) and _norm(first[0]) in ("اما", "واما")


def _noun_of_past(written: str, lemma: str) -> bool:
    """Whether a word is the past verb's form written with ي, which is its noun (نفي، وفي رأي)."""
    if not written.rstrip(_MARK_CHARS).endswith("ي"):
        return False  # نفى، رأى: the verb
    bare = _norm(written)
    bare = bare[1:] if bare[:1] in ("و", "ف") and len(bare) > 3 else bare
    return bare == normalize(lemma)


def _after_conjoined_verb(text: str, at: int, lex: _Lexicon) -> bool:
    """Whether the word before ``at`` is a speech verb with و or ف (وقالت المتحدثة …): the
    speaker of a clause of its own, not of a relative one (بحسب ما نقلته الوكالة)."""
    before = text[max(0, at - 30) : at].split()
    if not before:
        return False
    word = _norm(before[-1])
    return word[:1] in ("و", "ف") and lex.verbs.get(word, ("", ""))[1] == "verb"


def _object_after_definite(before: str, norm: str, lex: _Lexicon) -> bool:
    """Whether ``norm``, after the definite word ``before`` of a subject, is the verb's object:
    an indefinite noun in ة or in the accusative ا (ولم تكشف الشرطة هوية الجانية، ولم يحدد
    العبادي إطارا، واعتبرت البحرين خطوة واشنطن); not a name written after a title (الناطق
    باسم الداخلية خليفة الشيباني، السيدة الأولى ميلانيا ترامب), not لمنظمة (الأمين العام لمنظمة)."""
    return (
        before.startswith(("ال", "لل"))
        and not norm.startswith(("ال", "ل"))
        and (norm.endswith("ة") or (len(norm) >= 4 and norm.endswith("ا") and not norm.endswith("يا")))
        and norm not in lex.names
        and norm not in lex.words["name"]
        and norm not in lex.words["role"]
    )


_AT_A_TIME = re.compile(r"(?:الوقت|اليوم|الحين|اللحظة|الاسبوع|الشهر|العام)\s+(?:الذي|التي)\s*$")


def _at_a_time(text: str, start: int) -> bool:
    """Whether a verb opens a clause of time (في الوقت الذي أكدت فيه …), where فيه points to
    the time and the subject comes after it."""
    return _AT_A_TIME.search(normalize(text[max(0, start - 25) : start])) is not None


def _line_end(text: str, start: int, most: int) -> int:
    """Where the words after ``start`` end: at most ``most`` characters on, never past the end
    of the line (a source is never read into the next paragraph)."""
    end = min(len(text), start + most)
    newline = text.find("\n", start, end)
    return newline if newline >= 0 else end


def _second_name(text: str, speaker: list, norm: str, end: int, lex: _Lexicon) -> bool:
    """Whether the word ``norm`` (ending at ``end``) starts the verb's object right after a
    speaker that is a whole known name (a person, a country or a capital): another known name
    (واشنطن طهران، ترامب بوتين) or a definite noun (أردوغان الأزمة، دمشق الاتهامات), unless
    the words make one known name together (بشار الأسد، روسيا الاتحادية)."""
    words = _norm(text[speaker[0][0] : end])
    return (
        (norm in lex.known or (norm.startswith("ال") and len(norm) > 4))
        and _norm(text[speaker[0][0] : speaker[-1][1]]) in lex.known
        and words not in lex.known
        and words not in lex.known_starts
    )


#: countries written as masculine (وقال العراق); the others, and the capitals, are feminine
_MASCULINE_STATES = frozenset({"العراق", "الاردن", "لبنان", "السودان", "المغرب", "اليمن", "البحرين"})


def _feminine(phrase: str, lex: _Lexicon) -> bool:
    """Whether a subject is feminine for its verb: its first word ends in ة, or it is a
    country or a capital (مصر، موسكو) that is not one of the masculine ones."""
    return phrase.split()[0].endswith("ة") or (phrase in lex.states and phrase not in _MASCULINE_STATES)


#: verbs that close a press review's sentence with its source (… تقول لوفيغارو، التي …)
_REVIEW_VERBS = frozenset({"قال", "ذكر", "أضاف", "تابع", "كتب", "أورد"})
_REVIEW_SOURCE_END = re.compile(r"\s*(?:[،,.؟!\n]|$|(?:التي|الذي)\s)")


def _review(text: str, start: int, stop: int, sent: int, lemma: str, kind: str, lex: _Lexicon):
    """A sentence of a press review that ends with its source: the words before the verb are
    what the source says (والقادة الأوروبيون يسعون الى تفاهمات … تقول لوفيغارو، التي …)."""
    before = text[sent:start].split()
    if kind != "verb" or lemma not in _REVIEW_VERBS or len(before) < 6 or before[-1][-1:] in "،,:":
        return None  # …، قال: the verb opens a clause of its own
    # كما أضافت لوديو، هكذا قال صلاح; a bare verb only for قال in the present (… تقول لوفيغارو):
    # أضاف، ذكر، كتب، تابع have other senses (أضاف الهدف، دون ذكر، كتب، تابع لـ)
    as_said = _norm(before[-1]) in ("كما", "وكما", "هكذا", "وهكذا")
    written = _norm(text[start:stop])
    if not as_said and not (lemma == "قال" and written[:1] in ("ت", "ي")):
        return None
    words = []
    for tok, s, e in _tokens(text, stop, _line_end(text, stop, 60))[:4]:
        if not _is_word(tok) or _stops_speaker(_norm(tok), lex, bool(words), tok):
            break
        words.append((s, e))
    if not words or not _REVIEW_SOURCE_END.match(text, words[-1][1]):
        return None
    source = _norm(text[words[0][0] : words[-1][1]])
    if not (source in lex.known or source.split()[0] in lex.words["source"] or not source.startswith("ال")):
        return None  # a name, a known source or a source word (الصحيفة); not a definite noun
    end = text.rfind(before[-1], sent, start) if as_said else start  # without كما / هكذا
    content = _trim(text, sent, end)
    return (lemma, (words[0][0], words[-1][1]), content, True) if content[1] > content[0] else None


def _after_preposition(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a preposition: a verb never follows one directly, so
    the word is the verb's noun (ولا تأتي الوثيقة على ذكر المطلب)."""
    if start < 2 or not text[start - 1].isspace():
        return False
    before = text[max(0, start - 8) : start - 1].rsplit(None, 1)
    return bool(before) and _norm(before[-1]) in _PREPOSITIONS


def _points_back(text: str, at: int) -> bool:
    """Whether the word after ``at`` is a demonstrative (ذلك، هذا): the verb's object is what
    came before, not a quotation it introduces."""
    nxt = _TOKEN.search(text, at, at + 20)
    return nxt is not None and _norm(nxt.group()) in _DEMONSTRATIVES


def _antecedent(phrase: str, gender: str) -> bool:
    """Whether the words before a verb are the noun its clause describes rather than its subject:
    an indefinite feminine noun before a masculine verb (نشر صورة قال إنها …, "a picture that he
    said …"). A subject agrees with its verb; a name ending in ة (أسامة) seldom stands first."""
    head = _norm(phrase.split()[0]) if phrase.split() else ""
    return gender == "m" and head.endswith("ة") and not head.startswith("ال")


def _noun(text: str, written: str, stop: int, lemma: str, lex: _Lexicon):
    """A verbal noun with its speaker and a complementizer (وسط تأكيد الرئيس الأمريكي أن …،
    رغم نفي الحكومة أنها …): the speaker is the genitive between them, or the noun's pronoun
    (تأكيده أن …, inherited like a pronoun verb's). Anything else between them (a comma, a
    verb, a quotation mark) and it is not reported speech."""
    suffixed = _norm(written).endswith(("ه", "ها", "هم"))
    preposition = lex.takes.get(lemma)
    speaker: list[tuple[int, int]] = []
    governed = False  # past the noun's preposition: its object, not the speaker (إشارة الوزير إلى الحضور بأن)
    for tok, s, e in _tokens(text, stop, min(len(text), stop + 120)):
        if not _is_word(tok):
            return None
        norm = _norm(tok)
        if norm in lex.words["complementizer"] and not norm.startswith("ل"):
            content = _clause(text, e, lex)
            if content is None or (not speaker and not suffixed):
                return None
            return lemma, ((speaker[0][0], speaker[-1][1]) if speaker else None), content, bool(speaker)
        if norm == preposition and speaker:
            governed = True
            continue
        if _stops_speaker(norm, lex, bool(speaker), tok) or _verb_word(tok, norm, lex) or len(speaker) >= 6 or suffixed:
            return None
        if not speaker and norm.endswith("ة") and not norm.startswith("ال"):
            return None  # تصريحات صحافية أن، إشارة روسية: an adjective, no speaker named
        if not governed:
            speaker.append((s, e))
    return None


def _attribution(text: str, at: int, lemma: str, toks: list, sent: int, lex: _Lexicon):
    """بحسب / وفق / وفقا لـ / نقلا عن X: the speaker follows, the content is around."""
    k = 0
    speaker: list[tuple[int, int]] = []
    while k < len(toks) and len(speaker) <= 8:
        tok, s, e = toks[k]
        if not _is_word(tok):
            if (tok == "ـ" and not speaker) or (tok in _OPEN or tok in _CLOSE):
                k += 1
                continue
            break
        norm = _norm(tok)
        if not speaker and k == 0 and lemma.endswith("ما") and norm in lex.verbs:  # حسبما ذكرت
            k += 1
            continue
        if not speaker and norm in ("ما", "لما", "عن", "ل", "لـ"):
            k += 1
            if norm in ("ما", "لما") and k < len(toks) and _is_word(toks[k][0]):
                k += 1  # the verb of بحسب ما نقلت / ذكرت / أفادت
            continue
        if not speaker and norm in _RESUMPTIVE:
            k += 1  # وفق ما كشف عنه نائب رئيس الوزراء
            continue
        if not speaker and norm in lex.words["stop"]:
            return None  # وفق ما أوردت على حسابها: the source is not named here
        if not speaker and norm.startswith("ل") and len(norm) > 3:  # وفقا لمنظمة
            speaker.append((s + 1, e))
            k += 1
            continue
        if speaker and (norm in lex.words["stop"] or norm in lex.words["complementizer"]):
            break
        speaker.append((s, e))
        k += 1
    if not speaker or len(speaker) > 8:
        return None
    head = _norm(text[speaker[0][0] : speaker[0][1]])
    if len(speaker) == 1 and _own_words(head):
        return None  # "…"، حسب تعبيره: the speaker's own words, whose verb is before them
    head = "ا" + head if head.startswith("ل") and "ا" + head in lex.words["not_source"] else head  # وفقا للقانون
    if head in lex.words["not_source"] or head in lex.words["pronoun"]:
        return None  # وفق القانون، حسب هذا التشخيص: a rule or a reason, not a speaker
    before = _quote_before(text, at, sent)
    if before is None:
        head = text[sent:at].strip(" \t،,")
        if normalize(head) in ("", "و", "ف", "وذلك"):
            after = speaker[-1][1]
            rest = _tokens(text, after, min(len(text), after + 40))
            if rest and rest[0][0] in _CLOSE:  # بحسب ما نقلت "رويترز"، إن …
                after = rest[0][2]
                rest = rest[1:]
            if rest and rest[0][0] in "،,":
                after = rest[0][2]
                rest = rest[1:]
            if rest and _norm(rest[0][0]) in lex.words["complementizer"]:
                after = rest[0][2]
            before = _to_end(text, after)
        elif _waiting(text, sent, at, lex):
            # وقال الجبير، وفق ما نقلته الوكالة، إن …: the attribution stands between a verb and
            # what it reports, which follows
            after = speaker[-1][1] + (text[speaker[-1][1] : speaker[-1][1] + 1] in _CLOSE)  # "رويترز"، إن
            mark = lex.markers[""].search(text, after, min(len(text), after + 60))
            between = text[speaker[-1][1] : mark.start()] if mark is not None else ""
            if mark is None or between.strip(" \t،,\"»”'"):
                return None  # the verb reports nothing right after it: a direct object
            before = _content(text, mark, lex)
        elif _pointer(text[sent:at]) and sent > 1:
            # جاء ذلك بحسب ما ذكرته الوكالة: "this came", what is attributed is the sentence before
            end = sent - 1
            while end > 0 and (text[end - 1] in _STOPS or text[end - 1].isspace()):
                end -= 1
            before = _trim(text, _sentence_start(text, end), end)
        else:
            end = at
            tail = text[sent:end].rstrip(" \t،,")
            if normalize(tail.split()[-1]) == "وذلك" if tail.split() else False:
                end = sent + tail.rfind(tail.split()[-1])
            start, end = _trim(text, sent, end)
            before = (start, end) if end > start else None
    if before is None or len(text[before[0] : before[1]].split()) < 2:
        return None  # *نقلا عن الرؤية الإماراتية: a credit line, nothing attributed
    return lemma, (speaker[0][0], speaker[-1][1]), before, True


def _own_words(word: str) -> bool:
    """Whether a word is a noun of saying with its pronoun (تعبيره، قولها، وصفهم): حسب تعبيره
    is "as he put it", said of what was quoted before."""
    return any(word.endswith(suffix) and word[: -len(suffix)] in _OWN_WORDS for suffix in ("هما", "هم", "ها", "ه"))


def _pointer(head: str) -> bool:
    """Whether a sentence opens with جاء ذلك / وجاء هذا ("this came"): it points back to the one
    before it."""
    words = [_norm(w) for w in head.split()[:2]]
    return len(words) == 2 and words[0] in ("جاء", "وجاء") and words[1] in ("ذلك", "هذا")


def _came(lemma: str, text: str, stop: int) -> bool:
    """جاء without في after it: "this came" (جاء ذلك بحسب …), not جاء في البيان أن …, whose
    preposition's object is the speaker."""
    if lemma != "جاء":
        return False
    nxt = _TOKEN.match(text, stop + 1) if stop < len(text) else None
    return nxt is None or _norm(nxt.group()) not in ("في", "فيه", "فيها")


def _waiting(text: str, sent: int, at: int, lex: _Lexicon) -> bool:
    """Whether a speech verb at most six words before ``at`` in its sentence has not yet
    reached its content (no complementizer, colon, quotation mark or its preposition after it)."""
    last = None
    for start, end in _triggers_in(text, sent, at, lex):
        lemma, kind = _entry(_norm(text[start:end]), lex)
        if _came(lemma, text, end):
            continue
        if kind == "participle" and not text[max(sent, start - 3) : start].rstrip().endswith(("،", ",")):
            continue  # إجراءات أمنية مشددة: an adjective; a speech participle follows a comma
        if kind in ("verb", "participle"):
            last = lemma, end
    if last is None or len(text[last[1] : at].split()) > 6:
        return False
    return lex.markers.get(last[0], lex.markers[""]).search(text, last[1], at) is None


_WORD_PART = re.compile(f"[\\w{_MARKS}]+")
_WORD_CHAR = re.compile(f"[\\w{_MARKS}]")


class _SpeechTypes:
    """Written words -> the speech words in them (``"(وقال"`` -> ``("وقال",)``), each written
    form looked up once however often it is written: normalising is paid per type, not per token.
    The tables are replaced whole, never emptied in place, so threads may share them."""

    limit = 500_000  # written forms remembered at most (then the tables start again)

    def __init__(self) -> None:
        # the forms seen; those holding speech words, as a set (``&`` runs over the text's
        # words) and as a map to the speech words they hold
        self.tables: tuple[set[str], set[str], dict[str, tuple[str, ...]]] = (set(), set(), {})

    def of(self, words: set[str], lex: _Lexicon) -> set[str]:
        seen, speaking, speech = self.tables
        if len(seen) > self.limit:
            seen, speaking, speech = self.tables = (set(), set(), {})
        new = words - seen
        if new:
            for raw in new:
                cores = tuple(p for p in _WORD_PART.findall(raw) if normalize(p) in lex.verbs)
                if cores:
                    speech[raw] = cores
                    speaking.add(raw)
            seen |= new
        return {core for raw in words & speaking for core in speech[raw]}


_SPEECH_TYPES = _SpeechTypes()


def _hits(text: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Where the lexicon's words stand in ``text`` (أكّد، قـال، وأكدت …), in text order.

    The distinct written words of the text (``str.split``) are looked up in a table of the
    forms already seen, and only the speech words among them are then sought, as whole words,
    with ``str.find``. Once the common forms are known this is a little faster than one pattern
    of all 2,600 forms; that pattern took 1.8 s to compile, in every process that reads quotes.
    It also finds the forms that open with a diacritic or are written in presentation forms.
    """
    hits = []
    n = len(text)
    for core in _SPEECH_TYPES.of(set(text.split()), lex):
        size = len(core)
        i = text.find(core)
        while i >= 0:
            j = i + size
            if (i == 0 or not _WORD_CHAR.match(text, i - 1)) and (j >= n or not _WORD_CHAR.match(text, j)):
                hits.append((i, j))
                i = text.find(core, j)
            else:
                i = text.find(core, i + 1)
    hits.sort()
    return hits


def quote_spans(text: str) -> list[Quote]:
    """The speech instances of one text, in text order, before their speakers are resolved.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Quote
        Offsets into ``text``. A speaker that is only a pronoun (وأضاف أن …) takes the
        span of the last explicit speaker before it (``inherited=True``); with none before it,
        the instance has an empty speaker span (``-1, -1``).

    Examples
    --------
    >>> text = "وقال المتحدث باسم الخارجية إن الوفد وصل. وأضاف أن المحادثات ستبدأ غدا."
    >>> [(q.verb, text[q.speaker_start:q.speaker_end], text[q.quote_start:q.quote_end]) for q in quote_spans(text)]
    [('قال', 'المتحدث باسم الخارجية', 'الوفد وصل'), ('أضاف', 'المتحدث باسم الخارجية', 'المحادثات ستبدأ غدا')]
    """
    lex = speech_lexicon()
    hits = _hits(text, lex)
    _SCAN.text, _SCAN.hits, _SCAN.starts = text, hits, [h[0] for h in hits]
    try:
        return _spans(text, hits, lex)
    finally:
        _SCAN.text = _SCAN.hits = _SCAN.starts = None


def _spans(text: str, hits: list[tuple[int, int]], lex: _Lexicon) -> list[Quote]:
    """The instances of :func:`quote_spans`, from the speech words found in the text."""
    found: list[Quote] = []
    earlier: list[tuple[int, int]] = []  # the explicit speakers so far
    sources: list[tuple[int, int]] = []  # the attributions since the last speaker (بحسب الوكالة)
    taken_until = -1
    verbs = []  # the verbs that bound the content of the one before them
    attributed = -10
    for h in hits:
        written = text[h[0] : h[1]]
        norm = _norm(written)
        lemma, kind = _entry(norm, lex)
        if kind == "attribution":
            attributed = h[1]
        if kind != "verb" or not _verb_word(written, norm, lex) or _withheld(text, h[1], lex):
            continue
        if h[0] - attributed < 8:
            continue  # بحسب ما نقلت: the verb of the attribution bounds nothing
        # قال X، الذي يعتبر من الخبراء، إن …: a describing clause with no content of its own
        # is inside the sentence of the verb before it; so is a description after ما / التي
        # (حذر من وصفهم بـ"الأعداء")
        if (_describes(text, h[0], h[1], lex) and not _speaks(text, h[1], lex)) or (
            lemma == "وصف" and _relative_description(text, h[0], lex)
        ):
            continue
        verbs.append(h)
    after = 0
    previous_attribution = -10
    for start, stop in hits:
        while after < len(verbs) and verbs[after][0] <= start:
            after += 1
        kind = _entry(_norm(text[start:stop]), lex)[1]
        if kind == "verb" and start - previous_attribution < 8:
            continue  # the verb of بحسب ما نقلت / وفق ما ذكرت belongs to the attribution
        if kind == "attribution":
            previous_attribution = stop
        outer = _inside(text, found, start, lex) if start < taken_until else None
        if outer is not None and kind != "verb":
            continue  # a participle or an attribution inside what was said is part of it
        if (
            outer is not None
            and not _soon_reports(text, stop, outer.quote_end, lex)
            and not _relative_description(text, start, lex)
        ):
            continue  # inside what was said, only a verb with its own complementizer or colon reports
        parsed = _parse(text, start, stop, lex, verbs[after][0] if after < len(verbs) else len(text))
        if parsed is None:
            continue
        lemma, speaker, (qs, qe), _explicit = parsed
        if outer is not None:
            # speech reported inside what was said (قال إن ولي العهد أوضح أن …): an instance of
            # its own when its speaker is named there; a pronoun verb is part of the quotation
            qs, qe = _trim(text, qs, min(qe, outer.quote_end))  # …أن روسيا لن تتدخل": the quotation ends it
            if (
                _first_person(text[start:stop], lemma)
                and outer.speaker_start >= 0
                and qe > qs
                and _reported(text, qs, lex)
                and _direct(text, outer)
            ):
                # "… أعتقد أن الفريق لعب جيدا": the one quoted speaks in the first person
                found.append(Quote(lemma, qs, qe, outer.speaker_start, outer.speaker_end, True))
            elif speaker is not None and speaker[0] >= outer.quote_start and qe > qs:
                not_subject = (
                    _addressed(text[speaker[0] : speaker[1]], lex)
                    if speaker[0] > start
                    else not _opens_clause(text, outer.quote_start, speaker[0], lex)
                )
                if _reported(text, qs, lex) and not not_subject:
                    found.append(Quote(lemma, qs, qe, speaker[0], speaker[1], False))
            elif speaker is None and qe > qs and _relative_description(text, start, lex):
                # …الحملة التي وصفتها بـ"الغريبة": the speaker describes in their own words
                found.append(Quote(lemma, qs, qe, outer.speaker_start, outer.speaker_end, outer.speaker_start >= 0))
            continue
        same = bool(found) and (found[-1].quote_start, found[-1].quote_end) == (qs, qe)
        if same and (
            kind in ("participle", "noun")
            or _describes(text, start, stop, lex)
            or _relative_description(text, start, lex)
        ):
            continue  # وأشار قائلا: "…", or قال X، الذي يعتبر …، إن: one instance
        taken_until = max(taken_until, qe)
        if speaker is not None:
            if kind != "attribution":
                earlier.append(speaker)
            sources = [*sources, speaker] if kind == "attribution" else []
            found.append(Quote(lemma, qs, qe, speaker[0], speaker[1], False))
            continue
        written = _norm(text[start:stop])
        if kind == "noun":  # تأكيدها أن: the pronoun tells
            gender = "f" if written.endswith("ها") else "m" if written.endswith("ه") else ""
        else:
            gender = _verb_gender(written, lemma, lex)
        # a participle or a pronoun verb right after an attribution continues it (وفقا لما ذكره
        # الموقع الرسمي للجيش. وأوضح أن …، بحسب ما ذكرته الوكالة، لافتة إلى أن …)
        lent = sources if kind == "participle" else [sp for sp in sources if _named_kind(text[sp[0] : sp[1]], lex)]
        recent = [*earlier[-4:], *lent]
        if kind == "participle":
            # …the subject of its sentence's verb first (وافق الرئيس البرازيلي …، مؤكدا أنه …)
            subject = _main_subject(text, _sentence_start(text, start), start, lex)
            if (
                subject
                and not (gender == "m" and _feminine(_norm(text[subject[0] : subject[1]]), lex))
                and not any(sp[0] > subject[0] and _after_conjoined_verb(text, sp[0], lex) for sp in earlier[-1:])
            ):
                # not بلغت نسبة الدين …، مشيرا: a feminine noun, a masculine participle; nor
                # before a speaker named later in the sentence (وعادت موسكو …، وقالت زاخاروفا …، مضيفة)
                recent = [*recent, subject]
        elif kind == "verb":
            # وربط أردوغان الأزمة بالانتخابات. وقال: …: the subject of the verb that opens the
            # sentence, or the sentence before when the pronoun verb opens its own, when it was
            # named after the last speaker
            subject = _subject_before(text, start, lex)
            quoted = found[-1].quote_end if found else -1  # not from inside what was said (…داعش". وتابع)
            if subject and gender == "m" and _feminine(_norm(text[subject[0] : subject[1]]), lex):
                subject = None  # ولن تدوم فترة الهدوء طويلا. وأكد، وتستضيف مصر …، وقال: not his
            if subject and subject[0] >= quoted and all(subject[0] > sp[0] for sp in recent):
                recent = [*recent, subject]
        back = next((sp for sp in reversed(recent) if _agrees(text[sp[0] : sp[1]], gender, lex)), None)
        if kind != "participle":
            sources = []  # an attribution lends its source to the pronouns right after it only
        if back is not None:
            near = _nearest_mention(text, back, start)
            named = back if near != back else (-1, -1)
            found.append(Quote(lemma, qs, qe, near[0], near[1], True, named[0], named[1]))
        else:
            found.append(Quote(lemma, qs, qe, -1, -1, False))
    return _first_persons(text, found, verbs, lex)


def _nearest_mention(text: str, span: tuple[int, int], before: int) -> tuple[int, int]:
    """The last mention before ``before`` of the speaker named at ``span``: its last word written
    again as a word of its own (ووجه سلامي تحذيرا … قائلا after اللواء حسين سلامي), else ``span``."""
    words = [m.group() for m in _TOKEN.finditer(text, span[0], span[1]) if _is_word(m.group())]
    if not words:
        return span
    forms = []
    if len(words) == 1 or (len(words[-1]) >= 4 and not _norm(words[-1]).startswith(("ال", "لل"))):
        forms.append(words[-1])  # not الرئيس الأمريكي، السلطات الأردنية: an adjective is no mention
    head = words[0] if words[0].startswith("ال") else "ال" + words[0]
    if len(words) > 1 and _norm(head) in _BACK_REFERENCES:
        forms.append(head)  # وكالة ستاندرد آند بورز … ورفعت الوكالة تقييمها
    best = span
    for form in forms:
        at = text.rfind(form, span[1], before)
        while at >= 0:
            end = at + len(form)
            if (at == 0 or not _is_word(text[at - 1])) and (end >= len(text) or not _is_word(text[end])):
                best = max(best, (at, end))
                break
            at = text.rfind(form, span[1], at)
    return best


#: nouns that name again, with the article, a body named in full before (الوكالة، الوزارة)
_BACK_REFERENCES = frozenset(
    normalize(w)
    for w in (
        "الوكالة",
        "الوزارة",
        "الشركة",
        "الحزب",
        "المنظمة",
        "الحركة",
        "الصحيفة",
        "المجلة",
        "القناة",
        "الهيئة",
        "المحكمة",
        "المرصد",
        "الجماعة",
        "التنظيم",
        "الدراسة",
        "المجلس",
        "البنك",
    )
)


def _first_persons(text: str, found: list[Quote], verbs: list[tuple[int, int]], lex: _Lexicon) -> list[Quote]:
    """Add the first person inside each direct quotation ("… نتوقع أن تستمر إيران …"): the one
    quoted speaks, an instance of its own right after the quotation's. Outside quotations the
    first person is the writer's (نقول إن …), so it is sought only there."""
    out: list[Quote] = []
    starts = [v[0] for v in verbs]
    seen = {(q.quote_start, q.quote_end) for q in found}
    attributions = lex.words["attribution"]
    for q in found:
        out.append(q)
        if q.speaker_start < 0 or not _direct(text, q):
            continue
        if q.verb in attributions and any(
            o.verb not in attributions and o.quote_start < q.quote_end and q.quote_start < o.quote_end for o in found
        ):
            continue  # قال وفقا لما نقلته صحيفة سبق: "أعتقد …": the one who said it, not the paper
        for m in lex.first_trigger.finditer(text, q.quote_start, q.quote_end):
            start, stop = m.span()
            if not _soon_reports(text, stop, q.quote_end, lex):
                continue
            k = bisect_right(starts, start)
            parsed = _parse(text, start, stop, lex, starts[k] if k < len(starts) else len(text))
            if parsed is None:
                continue
            qs, qe = _trim(text, parsed[2][0], min(parsed[2][1], q.quote_end))
            if qe > qs and _reported(text, qs, lex) and (qs, qe) not in seen:
                seen.add((qs, qe))
                out.append(Quote(parsed[0], qs, qe, q.speaker_start, q.speaker_end, True))
    return out


def _main_subject(text: str, sent: int, end: int, lex: _Lexicon, kana: bool = False) -> tuple[int, int] | None:
    """The subject of the verb that opens a sentence (وافق الرئيس البرازيلي لولا دا سيلفا …):
    the definite noun phrase after the sentence's first word, when that word looks like a verb
    (not a noun with ال, not a preposition or a particle)."""
    toks = [t for t in _tokens(text, sent, min(end, sent + 200))[:14] if _is_word(t[0]) or t[0] in "،,-–—()"]
    if len(toks) < 2 or not _is_word(toks[0][0]):
        return None
    if _norm(toks[0][0]) in _BEFORE_VERB and len(toks) > 2:
        toks = toks[1:]  # وقد أثار أوباما ضحك الجمهور، ولم يشر أوباما، بينما تعرض الشركة: before the verb
    # من جهته، نشر الشيخ خالد …؛ بدوره أكد …: the words that open a turn come before the verb
    first = [_norm(t[0]) for t in toks[:2]]
    if first[0] in ("من", "ومن") and len(first) > 1 and first[1] in _TURN_NOUNS:
        toks = toks[2:]
    elif first[0] in _TURN_WORDS:
        toks = toks[1:]
    toks = toks[1:] if toks and toks[0][0] in "،," else toks
    if len(toks) < 2 or not _is_word(toks[0][0]):
        return None
    verb = _norm(toks[0][0])
    bare = verb[1:] if verb[:1] in ("و", "ف") and len(verb) > 3 else verb
    if (verb[:1] in ("و", "ف") and verb[1:] in lex.words["stop"]) or verb in _TOPIC or bare in _TOPIC:
        return None  # وفي قضية الهجرة، وعن الدوري، وبخصوص مستقبله: a preposition, not a verb
    written = toks[0][0].lstrip(_MARK_CHARS)
    written = written[1:] if written[:1] in ("و", "ف") and len(written) > 3 else written
    if len(bare) < 3 or written.startswith("ال") or verb in lex.words["stop"] or bare in lex.words["stop"]:
        return None  # a definite noun opens the sentence (the article is written ال; ألقى، ألغى are verbs)
    # وكان مصدر مطلع …، قال: the subject of كان speaks in its sentence, definite or not
    kana_subject = kana and bare in ("كان", "كانت")
    if kana_subject:
        pass
    elif bare in ("كان", "كانت", "قد", "لقد", "ان", "انه", "انها", "هذا", "هذه", "ذلك", "تلك", "ما", "لا", "لم", "لن"):
        return None
    span: list[tuple[int, int]] = []
    named = False  # a name was read: a definite noun after it is the verb's object
    before_object = False
    opens_with_name = False  # not متزوجة ثلاث مرات: an adjective opens no subject
    for tok, s, e in toks[1:9]:
        norm = _norm(tok)
        if span and _is_word(tok) and lex.verbs.get(norm, ("", ""))[1] == "attribution":
            return span[0][0], span[-1][1]  # وتابع أردوغان وفقا لما نقلته الوكالة: the name ends
        if named and not _is_word(tok) and opens_with_name:
            return span[0][0], span[-1][1]  # تدخلت إيفانكا ترامب، ابنة الرئيس: a name, then its title
        if not _is_word(tok) or _stops_speaker(norm, lex, bool(span), tok) or _verb_word(tok, norm, lex):
            break
        if span and _second_name(text, span, norm, e, lex):
            before_object = True  # ونفت تركيا الاتهامات: a known name, then the verb's object
            break
        if span and _CIRCUMSTANTIAL.fullmatch(norm):
            break  # وحذر نتنياهو إيران ملوحا بقطعة الطائرة: how, not who
        if norm in ("قد", "لقد") or norm in _TOPIC:
            break  # وكان دا سيلفا قد رفض، وكانت قد انتشرت; تحذيرا بشأن مسعى: not the subject
        if span and norm.startswith("بال"):
            break  # ونددت الولايات المتحدة بالحملة
        if (
            span
            and len(norm) >= 5
            and norm.endswith(("ها", "هم", "ه"))
            and _norm(text[span[-1][0] : span[-1][1]]).startswith("ال")
        ):
            break  # ورفعت الوكالة تقييمها: a noun with its pronoun after a definite one is the object
        if span and _object_after_definite(_norm(text[span[-1][0] : span[-1][1]]), norm, lex):
            break
        # a name, not the head of a genitive (أحد قادة غرفة العمليات، الأمين العام لحزب الله)
        head = norm[1:] if norm[:1] == "ل" and not norm.startswith("ال") else norm
        named = not (
            norm.startswith(("ال", "لل"))
            or head in lex.words["role"]
            or head.endswith("ة")
            or head in _GENITIVE_HEADS
            or (len(norm) >= 5 and norm.endswith(("ه", "ها", "هم")))  # مستقبله: a noun with its pronoun
        )
        if not span:
            opens_with_name = named or norm.startswith("ال") or norm in lex.words["role"]
        span.append((s, e))
    if not span:
        return None
    if not kana_subject and not any(_norm(text[s:e]).startswith(("ال", "لل")) for s, e in span[:3]):
        # a definite subject: الرئيس البرازيلي, or nouns with their genitive (أسطورة كرة القدم);
        # else a person the catalog knows (ولم يشر أوباما …) or a capital that stands for its
        # government (وترفض موسكو …), alone; a country only when the verb's object follows it
        # (ونفت تركيا الاتهامات …): a country opening a sentence may be its topic
        for size in (3, 2, 1):
            name = _norm(text[span[0][0] : span[size - 1][1]]) if len(span) >= size else ""
            if name in lex.names or name in lex.words["capital"] or (before_object and name in lex.states):
                return span[0][0], span[size - 1][1]
        return None
    return span[0][0], span[-1][1]


# particles and conjunctions that may stand before the verb opening a sentence
_BEFORE_VERB = frozenset(
    {"قد", "وقد", "فقد", "لقد", "ولقد", "لم", "ولم", "فلم", "لن", "ولن", "بينما", "وبينما", "فيما", "كما", "وكما"}
)

# what opens a speaker's turn before the verb (من جهته، بدوره، بالمقابل)
_TURN_NOUNS = frozenset({"جهته", "جهتها", "جهتهم", "ناحيته", "ناحيتها", "جانبه", "جانبها"})
_TURN_WORDS = frozenset({"بدوره", "بدورها", "بدورهم", "بهذا", "بالمقابل", "وبالمقابل", "كذلك", "ايضا"})

# nouns that head a genitive, as the subject of a verb (أحد قادة …، حزب الله، مجلس الأمن)
_GENITIVE_HEADS = frozenset({"احد", "بعض", "حزب", "مجلس", "بيان", "عضو", "جيش", "حكومة", "اتحاد", "نادي", "منتخب"})


def _subject_before(text: str, start: int, lex: _Lexicon) -> tuple[int, int] | None:
    """The subject of the verb that opens the sentence of a pronoun verb at ``start`` (ونشر
    سونغو هان صورة …، وقال …), or of the sentence before when the pronoun verb opens its own
    (وحث جينبينغ الحزب … . وقال إن …)."""
    sent = _sentence_start(text, start)
    if not text[sent:start].strip(' \n\t،,:-–—"«»“”'):
        if sent <= 1:
            return None
        before = _sentence_start(text, sent - 1)
        if _TEASER.match(text, before):
            return None  # قد يهمك: …، a link to another article
        return _main_subject(text, before, sent, lex)
    return _main_subject(text, sent, start, lex, kana=True)


def _adjunct(between: str, lex: _Lexicon) -> bool:
    """Whether the words between a participle and its content only say where, when or to whom
    (مؤكدا أمام حشد من أنصاره أنه …، مضيفا للصحفيين أن …): nothing, or a short phrase that
    opens with a preposition or an addressee."""
    words = between.strip(" ،,").split()
    if not words:
        return True
    first = _norm(words[0])
    return len(words) <= 6 and (first in _ADJUNCT or (_stops_speaker(first, lex, True) and first.startswith("ل")))


def _relative(text: str, start: int) -> bool:
    """Whether the words before ``start`` are a comma and a relative pronoun (المرصد، الذي أشار
    إلى أن …): a clause describing the speaker named before it. Without the comma the noun
    before is often the verb's object (القرار الذي قالت الصين إنه …)."""
    window = text[max(0, start - 14) : start]
    if "،" not in window and "," not in window:
        return False
    head = window.split()
    return len(head) >= 2 and _norm(head[-1]) in _RELATIVE and head[-2].endswith(("،", ","))


def _describes(text: str, start: int, stop: int, lex: _Lexicon) -> bool:
    """A verb in a clause describing the speaker before it (المرصد، الذي أشار إلى أن …), unless
    a definite noun right after the verb is its own subject (والتي قالت الحكومة إنها …) or a
    pronoun after it points back to the noun (الفيديو، والذي تحدث فيه …)."""
    if not _relative(text, start):
        return False
    nxt = _TOKEN.match(text, stop + 1) if stop < len(text) else None
    if nxt is None:
        return True
    word = _norm(nxt.group())
    if word in lex.words["stop"] and word.endswith(("ه", "ها", "هم")):
        return False  # الفيديو، والذي تحدث فيه …: the noun before is where it was said
    return not (word.startswith("ال") and not _stops_speaker(word, lex, False))


def _governs_an(text: str, at: int) -> bool:
    """Whether the word before a complementizer makes it a conjunction of time, purpose or
    manner (قبل أن، بعد أن، من أن، يمكن أن), not the opening of reported speech."""
    before = text[max(0, at - 12) : at].split()
    if len(before) > 1 and _norm(before[-1]) == "قبل" and _norm(before[-2]) == "من" and text[at : at + 1] == "إ":
        return False  # قالت من قبل إن …: "earlier", and إن (not أن) reports
    return bool(before) and _norm(before[-1]) in _NOT_REPORTING


def _speaks(text: str, stop: int, lex: _Lexicon) -> bool:
    """Whether what a verb says follows it at once (أن، إن، :، a quotation mark), or after one
    preposition (أشار إلى أن)."""
    toks = _tokens(text, stop, min(len(text), stop + 40))[:2]
    for k, (tok, _, _) in enumerate(toks):
        if tok in _OPEN or tok == ":" or _norm(tok) in lex.words["complementizer"]:
            return True
        if k == 0 and not _is_word(tok):
            return False
    return False


def _withheld(text: str, stop: int, lex: _Lexicon) -> bool:
    """A verb whose object is a withheld name (لم يشأ كشف هويته، رفض ذكر اسمه): it speaks of
    the speaker before it and does not end that speaker's clause."""
    nxt = _TOKEN.match(text, stop + 1) if stop < len(text) else None
    return nxt is not None and _norm(nxt.group()) in lex.words["object"]


def _conjoined(form: str, lemma: str, lex: _Lexicon) -> bool:
    """Whether a verb form carries the conjunction و or ف (وقالت، فأكد، ووصفها), not a و of its
    own root (وصفتها)."""
    return form[:1] in _VERB_CLITICS and lex.verbs.get(form[1:], ("",))[0] == lemma


def _verb_gender(form: str, lemma: str, lex: _Lexicon) -> str:
    """ "f" for a feminine form (قالت، وتقول، مضيفة), "m" for a masculine singular one (قال،
    يضيف، مؤكدا), "" for plurals, duals and the forms that do not tell."""
    if _conjoined(form, lemma, lex):
        form = form[1:]
    for suffix in ("هما", "ها", "هم", "ه"):  # وصفتها، اعتبرته: the object pronoun tells nothing
        if form.endswith(suffix) and lex.verbs.get(form[: -len(suffix)], ("",))[0] == lemma:
            form = form[: -len(suffix)]
            break
    if form.endswith("ة"):
        return "f"
    if form.endswith(("وا", "ون", "ان", "ين", "تا", "ن")) and not lemma.endswith("ن"):
        return ""
    if (form.endswith("ت") and not lemma.endswith("ت")) or form.endswith("تت"):
        return "f"
    if form.startswith("ت") and not lemma.startswith("ت"):
        return "f"
    return "m"


#: Broken plurals among the role and source words: unlike المصدر or الوزير, they agree with
#: a feminine verb too (قالت المصادر).
_BROKEN_PLURALS = frozenset({"تقارير", "التقارير", "مصادر", "المصادر", "وسائل", "الوسائل"})


def _named_kind(phrase: str, lex: _Lexicon) -> bool:
    """Whether a phrase opens with a role or a source word (الموقع، الوكالة، المتحدث), whose
    gender a verb can agree with; a verb takes an attribution's source only then (not وفق
    حصيلة للمرصد. وقال …)."""
    words = phrase.split()
    head = _norm(words[0]) if words else ""
    head = head[1:] if head.startswith("و") and len(head) > 3 else head
    return head in lex.words["role"] or head in lex.words["source"]


def _agrees(phrase: str, gender: str, lex: _Lexicon) -> bool:
    """Whether a pronoun verb of ``gender`` may take ``phrase`` as its subject: its first word,
    when it is a role or source word, tells masculine (المتحدث، الموقع) from feminine
    (الوكالة، الصحيفة); a name tells nothing and agrees with both."""
    words = [_norm(t) for t, _, _ in _tokens(phrase, 0, len(phrase)) if _is_word(t)]
    if not gender or not words:
        return True
    head = words[0][1:] if words[0].startswith("و") and len(words[0]) > 3 else words[0]
    known = lex.words["role"] | lex.words["source"]
    if head not in known:
        return True  # a name (الهاشم، الجبير) tells nothing
    plural = head.endswith(("ات", "ى")) or head in _BROKEN_PLURALS
    if plural or (head.endswith("اء") and head not in ("اللواء", "لواء")):
        return True  # plurals (التقارير، المصادر، الخبراء) agree with feminine verbs as well
    feminine = head.endswith("ة")
    return feminine == (gender == "f")


def _verb_word(written: str, norm: str, lex: _Lexicon) -> bool:
    """Whether a word of a phrase is a word of the lexicon, so ends a speaker's name: not رأي
    or راي (Ray) written with ي, which only fold to the verb رأى."""
    entry = lex.verbs.get(norm)
    if entry is None:
        return False
    lemma, kind = entry
    return not (kind == "verb" and lemma.endswith("ى") and written.rstrip(_MARK_CHARS).endswith("ي"))


def _entry(word: str, lex: _Lexicon) -> tuple[str, str]:
    """(lemma, kind) of a word the trigger found."""
    return lex.verbs.get(word) or lex.first[word]


def _first_person(written: str, lemma: str) -> bool:
    """Whether a form read as a past verb is the first person present written with its hamza:
    أعتقد (I believe) and اعتقد (he believed) fold to one word."""
    bare = written[1:] if written[:1] in _VERB_CLITICS and written[1:2] == "أ" else written
    return lemma.startswith("ا") and bare.startswith("أ")


def _direct(text: str, outer: Quote) -> bool:
    """Whether an instance's content is direct speech: between quotation marks or after a
    colon."""
    before = text[max(0, outer.quote_start - 8) : outer.quote_start].rstrip()
    return bool(before) and (before[-1] in _OPEN or before[-1] == ":")


def _relative_description(text: str, start: int, lex: _Lexicon) -> bool:
    """Whether a verb of describing follows a relative word (ما وصفه بـ"…"، من وصفهم،
    الحملة التي وصفتها): what it describes is the object of the words before it."""
    word = _norm(text[start : start + 8].split()[0]) if text[start : start + 8].split() else ""
    if word not in lex.verbs or lex.verbs[word][0] != "وصف":
        return False
    before = text[max(0, start - 8) : start].split()
    return bool(before) and _norm(before[-1]) in _RELATIVE_WORDS


def _soon_reports(text: str, stop: int, end: int, lex: _Lexicon) -> bool:
    """Whether a complementizer or a colon follows a verb within its window and before ``end``
    (a cheap test before a verb inside a quotation is parsed)."""
    marks = lex.markers[""].finditer(text, stop, min(end, stop + _WINDOW))
    return any(mark.group() not in _OPEN for mark in marks)  # the quotation marks aside


def _reported(text: str, qs: int, lex: _Lexicon) -> bool:
    """Whether a content opens after a complementizer or a colon (… أن الوفد وصل، …: "…"),
    not a quotation mark alone: inside what was said, a quotation after a verb is often its
    object or a term (الأفلام التي تعترف بها الأكاديمية "…")."""
    before = text[max(0, qs - 12) : qs].rstrip()
    if before.endswith(":"):
        return True
    words = before.split()
    word = _norm(words[-1]) if words else ""
    return word in lex.words["complementizer"] and not word.startswith("و")  # …، وإن: the outer clause goes on


def _opens_clause(text: str, start: int, at: int, lex: _Lexicon) -> bool:
    """Whether a subject written before its verb at ``at`` opens the content that begins at
    ``start`` or the clause of a complementizer (قالت إن ولي العهد أوضح أن …): there, a noun
    phrase before a verb is its subject."""
    words = text[start:at].split()
    last = _norm(words[-1].strip("،,:" + "".join(_OPEN))) if words else ""
    return not last or last in lex.words["complementizer"]


def _addressed(phrase: str, lex: _Lexicon) -> bool:
    """Whether the words after a verb open with whom it was said to (قال لأبي مازن، أكد لها)
    or with a resumptive pronoun (تعترف بها الأكاديمية), so are not its speaker."""
    words = phrase.split()
    first = _norm(words[0]) if words else ""
    return first.startswith("ل") or first in _RESUMPTIVE


def _inside(text: str, found: list[Quote], pos: int, lex: _Lexicon) -> Quote | None:
    """The instance taken already whose content ``pos`` is inside, if any: a verb's before an
    attribution's of the same words (قال وفقا لما نقلته صحيفة سبق: "أعتقد …" is his)."""
    around = [q for q in reversed(found[-3:]) if q.quote_start <= pos < q.quote_end]
    return next((q for q in around if q.verb not in lex.words["attribution"]), around[0] if around else None)


# -- resolving the speakers ------------------------------------------------------------------------


def _role_span(
    words: list[tuple[str, int, int]], lex: _Lexicon, entity: tuple[int, int] | None
) -> tuple[int, int] | None:
    roles = lex.words["role"]
    for i, (norm, s, _) in enumerate(words):
        if norm in roles or (norm.startswith("و") and norm[1:] in roles and i == 0):
            end = words[-1][2]
            if entity is not None and entity[0] > s:
                end = max((e for _, _, e in words if e <= entity[0]), default=end)
            return s, end
    return None


def _resolve(
    phrase: str,
    lex: _Lexicon,
    catalog: EntityCatalog,
    subtypes: dict,
    tagger,
    when,
) -> tuple[str, str, str]:
    """(speaker, speaker_type, role) of one written speaker phrase."""
    words = [(_norm(t), s, e) for t, s, e in _tokens(phrase, 0, len(phrase)) if _is_word(t)]
    if not words:
        return "", "unresolved", ""
    first = words[0][0]
    if first in lex.words["religious"] or (first.startswith("و") and first[1:] in lex.words["religious"]):
        return phrase.strip(), "religious", ""
    mentions = tag_entities(phrase, catalog=catalog, when=when)
    person = next((x for x in mentions if x.type == "PER"), None)
    other = next((x for x in mentions if x.type != "PER"), None)
    pick = person
    role = _role_span(words, lex, (person.start, person.end) if person else None)
    role_text = phrase[role[0] : role[1]].strip(" ،,") if role else ""
    if first in lex.words["source"] or (
        other is not None and subtypes.get(other.entity) == "media" and other.start == 0
    ):
        name = other.entity if other is not None and subtypes.get(other.entity) == "media" else phrase.strip()
        return name, "source", ""
    if pick is None and other is not None and role is None and other.start <= words[0][1]:
        pick = other  # وقالت منظمة الصحة العالمية …; the first word is the entity
    if pick is None and other is not None and role is None and other.start <= words[min(1, len(words) - 1)][1]:
        pick = other  # وقالت وزارة الخارجية الروسية …
    if pick is not None:
        return pick.entity, "entity", role_text
    if tagger is not None:
        named = next((x for x in tagger.tag(phrase) if x.type == "PER"), None)
        if named is not None:
            role = _role_span(words, lex, (named.start, named.end))
            return phrase[named.start : named.end], "name", phrase[role[0] : role[1]].strip(" ،,") if role else ""
    if role is not None:
        return role_text, "role", role_text
    return phrase.strip(), "unresolved", ""


def _generic_head(phrase: str, lex: _Lexicon) -> str | None:
    """The generic noun a one-word speaker is (الشركة، والوزارة), or None."""
    words = phrase.split()
    if len(words) != 1:
        return None
    head = _norm(words[0])
    head = head[1:] if head.startswith("و") and head[1:] in lex.generic else head
    return head if head in lex.generic else None


def _generic_speaker(
    phrase: str, at: int, mentions: list, lex: _Lexicon, subtypes: dict, named: list
) -> tuple[str, str, str] | None:
    """(speaker, speaker_type, role) for a generic speaker (الشركة، الحزب، الوزارة): the
    organisation of a matching kind named last before it in the article, as an entity (its
    catalog subtype, or a name that begins with the same noun: الوزارة after وزارة الخارجية,
    المرصد after المرصد السوري), or an earlier speaker whose phrase begins with that noun
    (وزارة الخارجية الروسية)."""
    head = _generic_head(phrase, lex)
    kinds = lex.generic[head]
    # the same noun, with or without its article: وزارة الخارجية، المرصد السوري
    same_noun = (head, head[2:])
    entity = next(
        (
            m
            for m in reversed(mentions)
            if m.end <= at
            and m.type == "ORG"
            and (subtypes.get(m.entity) in kinds or _norm(m.entity).startswith(same_noun))
        ),
        None,
    )
    earlier = next((n for n in reversed(named) if n[0] < at and _norm(n[1]).startswith(same_noun)), None)
    if earlier is not None and (entity is None or earlier[0] > entity.start):
        return earlier[2], earlier[3], ""
    return (entity.entity, "entity", "") if entity is not None else None


def _catalog_subtypes(catalog: EntityCatalog) -> dict[str, str]:
    frame = catalog.to_frame()
    return dict(zip(frame["entity"], frame["subtype"].fillna(""), strict=False))


def quotes(
    df: pd.DataFrame,
    *,
    catalog: EntityCatalog | None = None,
    tagger=None,
    progress: bool = True,
) -> pd.DataFrame:
    """Reported and direct speech in every article, with the speaker resolved.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles (``text``; ``id``, ``published``, ``source`` are carried along).
    catalog : EntityCatalog, optional
        Where speakers are looked up (default: :meth:`EntityCatalog.default`); its dated roles
        name the holder of a title on the article's date (الرئيس الأمريكي → دونالد ترامب).
    tagger : mediakit.tagger.Tagger, optional
        A trained entity tagger: a speaker the catalog lacks becomes the person it tags.
    progress : bool, default True

    Returns
    -------
    pandas.DataFrame
        ``[id, published, source, speaker, speaker_type, role, verb, quote, quote_start,
        quote_end, speaker_start, speaker_end, inherited]``, one row per speech instance, in
        article then text order. ``quote_start:quote_end`` and ``speaker_start:speaker_end``
        index the article's original ``text``. ``verb`` is the verb's lemma (قال for وقالت،
        يقول، قائلا) or the attribution word (بحسب، وفق). ``speaker_type`` is one of

        - ``entity``: a catalog entity is named (``speaker`` is its canonical name; وزير
          الخارجية الأمريكي جون كيري → جون كيري, and ``role`` keeps وزير الخارجية الأمريكي);
        - ``role``: only a title (المتحدث باسم الخارجية; ``speaker`` and ``role`` are it);
        - ``name``: a person the ``tagger`` finds (``speaker`` as written);
        - ``source``: a report, a medium or an anonymous source, not a person (قالت التقارير،
          ذكرت وسائل الإعلام، قال مصدر أمني، بحسب وكالة رويترز);
        - ``religious``: scripture (قال الله تعالى، قال رسول الله);
        - ``unresolved``: none of those (``speaker`` is the phrase as written).

        A pronoun speaker (وقال إن …، وأضاف أن …، قائلا …) is the last explicit speaker of
        the same article (or the subject of the verb that opens its sentence or the one before,
        when named after that speaker), with ``inherited=True``: resolved from that mention in
        full, its offsets those of the same name written again nearest the verb (its last word:
        سلامي after اللواء حسين سلامي). With none before it, ``speaker`` is empty and
        ``speaker_type`` ``unresolved``. A generic speaker of one
        word (الشركة، الحزب، الوزارة: the ``generic`` words of ``speech_words.csv``) is the
        organisation of a matching kind named last before it in the article, or the earlier
        speaker whose phrase begins with the same noun (الوزارة after وزارة الدفاع الروسية);
        its offsets stay those of the word written.

    Examples
    --------
    >>> articles = pd.DataFrame({"id": ["a1"], "source": ["demo"], "published": [pd.Timestamp("2018-05-02", tz="UTC")],
    ...     "text": ["وقال وزير الخارجية الأمريكي جون كيري إن المفاوضات مستمرة. وأضاف أن الوفد سيعود."]})
    >>> quotes(articles, progress=False)[["speaker", "speaker_type", "quote"]].values.tolist()
    [['جون كيري', 'entity', 'المفاوضات مستمرة'], ['جون كيري', 'entity', 'الوفد سيعود']]
    """
    if "text" not in df.columns:
        raise ValueError(f"the articles frame has no 'text' column (columns: {', '.join(map(str, df.columns))})")
    catalog = catalog if catalog is not None else EntityCatalog.default()
    subtypes = _catalog_subtypes(catalog)
    lex = speech_lexicon()
    ids = df["id"].tolist() if "id" in df.columns else list(df.index)
    published = df["published"].tolist() if "published" in df.columns else [pd.NaT] * len(df)
    sources = df["source"].tolist() if "source" in df.columns else [None] * len(df)
    texts = df["text"].tolist()
    rows = []
    # a phrase resolves the same way between two changes of a dated role's holder
    changes = _role_changes(catalog)
    resolved: dict[tuple[str, object], tuple[str, str, str]] = {}
    for i in progress_bar(range(len(texts)), enabled=progress, desc="quotes", unit="article"):
        text = texts[i]
        if not isinstance(text, str) or not text:
            continue
        when = published[i] if isinstance(published[i], pd.Timestamp) and not pd.isna(published[i]) else None
        if when is not None and when.tzinfo is None:
            when = when.tz_localize("UTC")  # a date without its zone is read as UTC, as the catalog's
        epoch = bisect_right(changes, when) if when is not None else None
        mentions = None  # the article's entities, found when a generic speaker needs them
        named: list[tuple[int, str, str, str]] = []  # the article's explicit speakers so far
        surnames: dict[str, tuple[str, str, str]] = {}  # the last words of the explicit speakers
        for q in quote_spans(text):
            # a pronoun's speaker is resolved from the explicit mention it stands for (حسين
            # سلامي), its offsets are those of the mention nearest the verb (ووجه سلامي تحذيرا)
            start, end = (q.named_start, q.named_end) if q.named_start >= 0 else (q.speaker_start, q.speaker_end)
            phrase = text[start:end] if start >= 0 else ""
            key = (phrase, epoch)
            if q.inherited and phrase in surnames:
                speaker, kind, role = surnames[phrase]  # نصرالله after … حسن نصرالله: the same person
            else:
                if key not in resolved:
                    if not phrase:
                        resolved[key] = ("", "unresolved", "")
                    else:
                        resolved[key] = _resolve(phrase, lex, catalog, subtypes, tagger, when)
                speaker, kind, role = resolved[key]
            if kind == "unresolved" and phrase and _generic_head(phrase, lex):
                # الشركة، الوزارة: the organisation of that kind last named before it
                if mentions is None:
                    mentions = tag_entities(text, catalog=catalog, when=when)
                linked = _generic_speaker(phrase, start, mentions, lex, subtypes, named)
                if linked is not None:
                    speaker, kind, role = linked
            elif phrase and not q.inherited:
                named.append((q.speaker_start, phrase, speaker, kind))
                last = phrase.split()[-1]
                if len(phrase.split()) > 1 and len(last) >= 4 and not _norm(last).startswith(("ال", "لل")):
                    surnames[last] = (speaker, kind, role)
            rows.append(
                (
                    ids[i],
                    published[i],
                    sources[i],
                    speaker,
                    kind,
                    role,
                    q.verb,
                    text[q.quote_start : q.quote_end],
                    q.quote_start,
                    q.quote_end,
                    q.speaker_start,
                    q.speaker_end,
                    q.inherited,
                )
            )
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    if "published" in df.columns:
        out["published"] = pd.to_datetime(out["published"], utc=True)
    return out


def _role_changes(catalog: EntityCatalog) -> list[pd.Timestamp]:
    """The dates on which a dated role of the catalog changes holder, in order."""
    roles = catalog.roles()
    dates = pd.concat([roles["valid_from"], roles["valid_to"]]).dropna()
    return sorted(set(pd.to_datetime(dates, utc=True)))


def evaluate_quotes(found: pd.DataFrame, labelled: pd.DataFrame) -> dict[str, float]:
    """Compare :func:`quotes` with hand-labelled speech instances.

    Parameters
    ----------
    found : pandas.DataFrame
        The output of :func:`quotes` (``id, quote_start, quote_end, speaker_start,
        speaker_end``); rows of articles not in ``labelled`` are ignored.
    labelled : pandas.DataFrame
        ``id, speaker_start, speaker_end, quote_start, quote_end``: every speech instance of
        the labelled articles. A row with ``quote_start`` -1 marks an article that was read
        and holds no instance: what is found there counts against the precision. Rows with
        the same spans are one instance (وتابع قائلا: "…", labelled for both verbs).

    Returns
    -------
    dict
        ``speaker_precision`` (found instances whose speaker span overlaps the labelled one,
        over all found), ``speaker_recall`` (the same, over all labelled), ``quote_overlap``
        (mean intersection over union of the quote spans of the matched instances) and the
        counts ``found``, ``labelled``, ``matched``. A labelled instance is matched to the find of
        the same article whose quote span it overlaps most, each used once: first among the finds
        whose speaker span overlaps its own, then among the rest. So a verb and an attribution of
        one utterance (وقال الوزير إن …، وفقا لما نقلته الوكالة) are not paired crosswise.

    Examples
    --------
    >>> gold = pd.DataFrame({"id": ["a"], "speaker_start": [5], "speaker_end": [9],
    ...                      "quote_start": [10], "quote_end": [40]})
    >>> evaluate_quotes(gold.assign(quote_end=25), gold)["quote_overlap"]
    0.5
    """
    found = found[found["id"].isin(set(labelled["id"]))]
    columns = ["quote_start", "quote_end", "speaker_start", "speaker_end"]
    # one utterance is one instance: وتابع قائلا: "…" labelled for both verbs counts once
    labelled = labelled[labelled["quote_start"] >= 0].drop_duplicates(["id", *columns])
    right = matched = 0
    overlaps = 0.0
    for aid, gold in labelled.groupby("id", sort=False):
        pool = found.loc[found["id"] == aid, columns].values.tolist()
        left = gold[columns].values.tolist()
        # first the labelled instances a find with the same speaker overlaps, then the others:
        # a verb and an attribution of one utterance (وقال الوزير إن …، وفقا لما نقلته الوكالة)
        # are two instances with nearly the same content, and must not be paired crosswise
        for same_speaker in (True, False):
            rest = []
            for g in left:
                best, score = None, 0.0
                for k, p in enumerate(pool):
                    inter = min(g[1], p[1]) - max(g[0], p[0])
                    if inter > 0 and (not same_speaker or min(g[3], p[3]) > max(g[2], p[2])):
                        iou = inter / (max(g[1], p[1]) - min(g[0], p[0]))
                        if iou > score:
                            best, score = k, iou
                if best is None:
                    rest.append(g)
                    continue
                p = pool.pop(best)
                matched += 1
                overlaps += score
                right += min(g[3], p[3]) > max(g[2], p[2])
            left = rest
    n_found, n_gold = len(found), len(labelled)
    return {
        "speaker_precision": round(right / n_found, 3) if n_found else 0.0,
        "speaker_recall": round(right / n_gold, 3) if n_gold else 0.0,
        "quote_overlap": round(overlaps / matched, 3) if matched else 0.0,
        "found": n_found,
        "labelled": n_gold,
        "matched": matched,
    }
