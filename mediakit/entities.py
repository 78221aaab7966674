"""Entities: a catalog of countries, places, organisations and people, and finding their mentions.

The catalog is data (``mediakit/data/entities_*.csv``): every country and territory with its
Arabic name from the Unicode CLDR plus the short forms the press uses, the capitals and most
covered cities, international and regional organisations, parties, armed groups and
institutions, and widely covered public figures with their spelling variants.

Matching works on words, in one pass over each text whatever the catalog's size: each written
word is normalised (``"search"`` profile: diacritics, tatweel, alef, hamza and ya forms, invisible
characters) and looked up in a trie of the catalog's aliases, word by word; the longest alias
that fits wins. The first word of a mention may carry proclitics (و ف ب ك ل, and
لل for ل + ال: بالعراق، وللعراق، وبغداد); a word never matches inside a longer word (العراق does
not match العراقيل). A mention's ``start:end`` covers its whole written words, proclitics
included: in ``وللناتو`` the span is the whole word.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mediakit._progress import progress_bar
from mediakit.analyzer import CLAUSE_BREAKS, Analyzer
from mediakit.arabic import normalize
from mediakit.arabic.lexicon import dictionary_words, protected_words
from mediakit.arabic.normalize import spelling_pattern
from mediakit.arabic.tokenize import _WORD_CLASS, WORD_RUN

if TYPE_CHECKING:  # the tagger module imports this one
    from mediakit.tagger import Tagger

__all__ = [
    "TYPES",
    "CatalogError",
    "CatalogWarning",
    "EntityCatalog",
    "Mention",
    "discover_entities",
    "find_entities",
    "tag_entities",
]

TYPES = ("PER", "ORG", "LOC", "MISC")
_COLUMNS = ["entity", "name_en", "type", "subtype", "aliases"]
_DEFAULT_FILES = ("entities_countries.csv", "entities_places.csv", "entities_orgs.csv", "entities_people.csv")
# Proclitic chains a mention's first word may carry; "لل" stands for ل + the article.
_CHAINS = ("ولل", "فلل", "وب", "وك", "ول", "فب", "فك", "فل", "لل", "و", "ف", "ب", "ك", "ل")


class CatalogError(ValueError):
    """A catalog file or entry that cannot be used; the message names the file, line and field."""


class CatalogWarning(UserWarning):
    """An alias claimed by more than one entity (see :meth:`EntityCatalog.conflicts`)."""


@dataclass(frozen=True)
class Mention:
    """One mention of a catalog entity in a text: ``text[start:end]`` is what was written."""

    start: int
    end: int
    type: str
    entity: str
    alias: str
    #: How the mention was resolved: ``"alias"`` (a name or alias of the catalog), ``"context"``
    #: (an ambiguous alias, by its context), ``"role"``
    #: (a title, to its holder on the date), ``"home"`` (the outlet's country), ``"short"`` (a
    #: surname after the full name in the same text) or ``"tagger"``.
    how: str = "alias"


def _key(text: str) -> tuple[str, ...]:
    """The normalised words of an alias or a stretch of text."""
    return tuple(normalize(w) for w in WORD_RUN.findall(text))


def _nisba(name: str) -> list[str]:
    """Adjective forms of a one-word country name: العراق → عراقي، عراقية، عراقيون ..."""
    base = normalize(name)
    base = base[2:] if base.startswith("ال") else base
    if base.endswith("يا"):
        stem = base[:-2]
    elif base.endswith(("ا", "ة")):
        stem = base[:-1]
    elif base.endswith("ي"):
        return []
    else:
        stem = base
    if len(stem) < 2:
        return []
    forms = [stem + suffix for suffix in ("ي", "ية", "يون", "يين", "يات")]
    return forms + ["ال" + f for f in forms]


class EntityCatalog:
    """Entities with their type and the surface forms (aliases) that name them.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        Columns ``entity, name_en, type, subtype, aliases`` (aliases a list of strings, or one
        string with ``|`` between forms); see :meth:`from_frame`.

    Examples
    --------
    >>> catalog = EntityCatalog().add("حلف شمال الأطلسي", aliases=["الناتو", "حلف الأطلسي"], type="ORG")
    >>> [m.entity for m in tag_entities("اجتمع وزراء الناتو ثم حلف شمال الأطلسي", catalog=catalog)]
    ['حلف شمال الأطلسي', 'حلف شمال الأطلسي']
    """

    def __init__(self, frame: pd.DataFrame | None = None, *, warn: bool = True) -> None:
        """``warn=False`` keeps this catalog quiet about alias conflicts (see :meth:`conflicts`)."""
        self._rows: list[dict] = []
        self._roles: list[dict] = []
        self._ambiguous: dict[str, list[dict]] = {}
        self._matcher: dict | None = None
        self._warn = warn
        if frame is not None:
            for i, row in enumerate(frame.to_dict("records"), start=1):
                self._append(row, where=f"row {i}")
        if warn:
            self._warn_conflicts()

    # -- building --------------------------------------------------------------------------

    def _append(self, row: dict, where: str) -> None:
        entity = str(row.get("entity") or "").strip()
        if not entity:
            raise CatalogError(f"{where}: field 'entity' is empty")
        etype = str(row.get("type") or "").strip().upper()
        if etype not in TYPES:
            raise CatalogError(f"{where}: field 'type' = {row.get('type')!r}: must be one of {', '.join(TYPES)}")
        aliases = row.get("aliases")
        if aliases is None or (isinstance(aliases, float) and pd.isna(aliases)):
            aliases = []
        elif isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split("|") if a.strip()]
        else:
            aliases = [str(a).strip() for a in aliases if str(a).strip()]
        nisba = str(row.get("nisba") or "").strip().lower() in ("yes", "true", "1")
        self._rows.append(
            {
                "entity": entity,
                "name_en": str(row.get("name_en") or "").strip(),
                "type": etype,
                "subtype": str(row.get("subtype") or "").strip(),
                "aliases": list(dict.fromkeys(a for a in aliases if a != entity)),
                "nisba": nisba,
            }
        )
        self._matcher = None

    def add(
        self,
        entity: str,
        *,
        aliases: Iterable[str] = (),
        type: str = "MISC",
        name_en: str = "",
        subtype: str = "",
    ) -> EntityCatalog:
        """Add an entity; returns the catalog, so calls chain.

        Examples
        --------
        >>> len(EntityCatalog().add("سالم الحارثي", aliases=["الحارثي"], type="PER"))
        1
        """
        self._append(
            {"entity": entity, "aliases": list(aliases), "type": type, "name_en": name_en, "subtype": subtype},
            where=f"add({entity!r})",
        )
        self._warn_conflicts()
        return self

    def add_role(
        self,
        role: str,
        entity: str,
        *,
        valid_from: str | pd.Timestamp | None = None,
        valid_to: str | pd.Timestamp | None = None,
    ) -> EntityCatalog:
        """A title that names whoever holds it on an article's date (خادم الحرمين الشريفين → the
        king of that day); return the catalog itself.

        ``entity`` must be in the catalog; ``valid_from`` is inclusive, ``valid_to`` exclusive
        (UTC dates; ``None``: open). On a date no holder covers, or in an article without a
        date, the mention stays the role itself. A role written just before its holder's name
        (الرئيس الأمريكي دونالد ترامب) is one mention, and one followed by السابق, الأسبق or
        الراحل (a former holder) is none.

        Examples
        --------
        >>> catalog = EntityCatalog().add("الملك سلمان بن عبد العزيز", type="PER")
        >>> catalog = catalog.add("الملك عبد الله بن عبد العزيز", type="PER")
        >>> catalog = catalog.add_role("خادم الحرمين الشريفين", "الملك عبد الله بن عبد العزيز", valid_to="2015-01-23")
        >>> catalog = catalog.add_role("خادم الحرمين الشريفين", "الملك سلمان بن عبد العزيز", valid_from="2015-01-23")
        >>> text = "استقبل خادم الحرمين الشريفين الوفد"
        >>> [m.entity for m in tag_entities(text, catalog=catalog, when=pd.Timestamp("2018-03-01", tz="UTC"))]
        ['الملك سلمان بن عبد العزيز']
        >>> [m.entity for m in tag_entities(text, catalog=catalog)]
        ['خادم الحرمين الشريفين']
        """
        known = {r["entity"]: r["type"] for r in self._rows}
        if entity not in known:
            raise CatalogError(f"role {role!r}: entity {entity!r} is not in the catalog")
        bounds = []
        for name, value in (("valid_from", valid_from), ("valid_to", valid_to)):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                bounds.append(None)
                continue
            try:
                stamp = pd.Timestamp(value)
            except (ValueError, TypeError):
                raise CatalogError(f"role {role!r}: field {name!r} = {value!r} is not a date") from None
            bounds.append(stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC"))
        self._roles.append(
            {
                "role": role.strip(),
                "entity": entity,
                "type": known[entity],
                "valid_from": bounds[0],
                "valid_to": bounds[1],
            }
        )
        self._matcher = None
        return self

    def add_ambiguity(
        self,
        alias: str,
        entity: str | None,
        *,
        before: Iterable[str] = (),
        near: Iterable[str] = (),
        written: Iterable[str] = (),
        default: bool = False,
    ) -> EntityCatalog:
        """One reading of an ambiguous alias, with the context that points to it; return the
        catalog itself.

        Where ``alias`` is found, each of its readings is scored: 2 when the word just before it
        is one of ``before``, 1 for each of ``near`` within 8 words either side, 2 when the alias
        is written as one of ``written`` (proclitics included: بحماس; a form with diacritics is
        compared as written, so عمّان and عُمان tell Amman from Oman). The best reading wins;
        with no cue at all, the ``default`` one. ``entity=None`` is the reading that is not an
        entity (مالي as "financial", حماس as "enthusiasm"): the mention is dropped. Capital
        letters do not exist in Arabic: context is how a reader tells Mali from "financial".

        Examples
        --------
        >>> catalog = EntityCatalog().add("مالي", type="LOC")
        >>> catalog = catalog.add_ambiguity("مالي", "مالي", before=["في", "شمال"])
        >>> catalog = catalog.add_ambiguity("مالي", None, before=["دعم", "عجز"], default=True)
        >>> [m.entity for m in tag_entities("قدمت فرنسا دعم مالي للجيش في مالي", catalog=catalog)]
        ['مالي']
        """
        if entity is not None and entity not in {r["entity"] for r in self._rows}:
            raise CatalogError(f"ambiguous alias {alias!r}: entity {entity!r} is not in the catalog")
        key = " ".join(_key(alias))
        types = {r["entity"]: r["type"] for r in self._rows}
        self._ambiguous.setdefault(key, []).append(
            {
                "entity": entity,
                "type": types.get(entity) if entity is not None else None,
                "default": bool(default),
                "before": frozenset(normalize(w) for w in before),
                "near": frozenset(normalize(w) for w in near),
                # as given (diacritics decide عمّان from عُمان) and normalised
                "written": frozenset(written) | frozenset(normalize(w) for w in written if w == normalize(w)),
            }
        )
        self._matcher = None
        return self

    def roles(self) -> pd.DataFrame:
        """The dated roles: ``role, entity, valid_from, valid_to``."""
        return pd.DataFrame(
            [{k: r[k] for k in ("role", "entity", "valid_from", "valid_to")} for r in self._roles],
            columns=["role", "entity", "valid_from", "valid_to"],
        )

    def _holder(self, role: str, when: pd.Timestamp | None) -> tuple[str, str] | None:
        if when is None or pd.isna(when):
            return None
        for r in self._roles:
            if (
                r["role"] == role
                and (r["valid_from"] is None or when >= r["valid_from"])
                and (r["valid_to"] is None or when < r["valid_to"])
            ):
                return r["entity"], r["type"]
        return None

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> EntityCatalog:
        """A catalog from a frame with ``entity`` and ``type`` columns (``aliases``, ``name_en``,
        ``subtype`` optional; aliases a list or a ``|``-separated string)."""
        missing = {"entity", "type"} - set(frame.columns)
        if missing:
            raise CatalogError(f"a catalog frame needs the columns entity and type; missing {sorted(missing)}")
        return cls(frame)

    @classmethod
    def from_file(cls, path: str | PathLike) -> EntityCatalog:
        """Read a catalog from CSV or YAML.

        CSV: a header row with ``entity,name_en,type,subtype,aliases`` (``aliases`` separated by
        ``|``). YAML: a list of mappings with the same keys (``aliases`` a list). Errors name the
        file, the line (CSV) or entry (YAML), and the field.
        """
        path = Path(path)
        if not path.is_file():
            raise CatalogError(f"{path}: no such file")
        text = path.read_text(encoding="utf-8")
        catalog = cls(warn=False)
        catalog._warn = True
        if path.suffix.lower() in (".yml", ".yaml"):
            import yaml

            try:
                entries = yaml.safe_load(text) or []
            except yaml.YAMLError as exc:
                raise CatalogError(f"{path}: not valid YAML ({exc})") from None
            if isinstance(entries, dict):
                entries = entries.get("entities", [])
            if not isinstance(entries, list):
                raise CatalogError(f"{path}: expected a list of entities")
            for i, entry in enumerate(entries, start=1):
                if not isinstance(entry, dict):
                    raise CatalogError(f"{path}, entry {i}: expected a mapping with entity, type, aliases")
                catalog._append(entry, where=f"{path}, entry {i}")
        else:
            reader = csv.DictReader(io.StringIO(text))
            if not reader.fieldnames or "entity" not in reader.fieldnames or "type" not in reader.fieldnames:
                raise CatalogError(f"{path}, line 1: the header must name the columns entity and type (and aliases)")
            for row in reader:
                catalog._append(row, where=f"{path}, line {reader.line_num}")
        catalog._warn_conflicts()
        return catalog

    @classmethod
    @cache
    def _default_frame(cls) -> pd.DataFrame:
        frames = []
        for name in _DEFAULT_FILES:
            resource = files("mediakit.data").joinpath(name)
            if resource.is_file():
                frames.append(pd.read_csv(io.StringIO(resource.read_text(encoding="utf-8")), dtype=str))
        return pd.concat(frames, ignore_index=True)

    @classmethod
    def default(cls) -> EntityCatalog:
        """The shipped catalog: countries and territories, cities, organisations, people.

        Examples
        --------
        >>> sizes = EntityCatalog.default().to_frame().groupby("type").size()
        >>> bool(sizes["LOC"] > 300 and sizes["ORG"] >= 150 and sizes["PER"] >= 100)
        True
        """
        catalog = cls(cls._default_frame(), warn=False)
        roles = pd.read_csv(
            io.StringIO(files("mediakit.data").joinpath("entities_roles.csv").read_text("utf-8")), dtype=str
        )
        for row in roles.itertuples(index=False):
            catalog.add_role(row.role, row.entity, valid_from=row.valid_from, valid_to=row.valid_to)
        data = files("mediakit.data").joinpath("entities_ambiguous.csv").read_text("utf-8")
        for row in pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False).itertuples(index=False):
            catalog.add_ambiguity(
                row.alias,
                row.entity or None,
                before=[w for w in row.before.split("|") if w],
                near=[w for w in row.near.split("|") if w],
                written=[w for w in row.written.split("|") if w],
                default=row.default == "yes",
            )
        return catalog

    def merge(self, other: EntityCatalog) -> EntityCatalog:
        """A new catalog holding the entities of both (conflicting aliases are reported)."""
        merged = EntityCatalog(warn=False)
        merged._rows = [dict(r) for r in self._rows] + [dict(r) for r in other._rows]
        merged._roles = [dict(r) for r in self._roles] + [dict(r) for r in other._roles]
        merged._ambiguous = {k: list(v) for k, v in self._ambiguous.items()}
        for key, readings in other._ambiguous.items():
            merged._ambiguous.setdefault(key, []).extend(readings)
        merged._warn = True
        merged._warn_conflicts()
        return merged

    def to_frame(self) -> pd.DataFrame:
        """The catalog as a frame: ``entity, name_en, type, subtype, aliases`` (aliases a list)."""
        return pd.DataFrame([{k: r[k] for k in _COLUMNS} for r in self._rows], columns=_COLUMNS)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        counts = pd.Series([r["type"] for r in self._rows]).value_counts().to_dict() if self._rows else {}
        return f"EntityCatalog({len(self)} entities: {', '.join(f'{k} {v}' for k, v in counts.items())})"

    # -- conflicts -------------------------------------------------------------------------

    def conflicts(self) -> pd.DataFrame:
        """Aliases (normalised) claimed by more than one entity: ``[alias, entities]``; those
        decided by context (:meth:`add_ambiguity`) are not conflicts.

        Examples
        --------
        >>> c = EntityCatalog(warn=False).add("طرابلس", type="LOC").add("طرابلس الغرب", aliases=["طرابلس"], type="LOC")
        >>> c.conflicts()["entities"].tolist()
        [['طرابلس', 'طرابلس الغرب']]
        """
        owners: dict[tuple[str, ...], set[str]] = {}
        for row in self._rows:
            for form in [row["entity"], *row["aliases"]]:
                owners.setdefault(_key(form), set()).add(row["entity"])
        clashes = [
            (" ".join(k), sorted(v)) for k, v in owners.items() if len(v) > 1 and " ".join(k) not in self._ambiguous
        ]
        return pd.DataFrame(sorted(clashes), columns=["alias", "entities"])

    def _warn_conflicts(self) -> None:
        if not self._warn:
            return
        clashes = self.conflicts()
        if len(clashes):
            shown = "; ".join(f"{a}: {', '.join(e)}" for a, e in clashes.head(5).itertuples(index=False))
            warnings.warn(
                f"{len(clashes)} aliases are claimed by more than one entity ({shown}); "
                "mentions of them go to the first; see catalog.conflicts()",
                CatalogWarning,
                stacklevel=3,
            )

    # -- matching --------------------------------------------------------------------------

    def _compiled(self, adjectives: bool) -> dict:
        """A word trie of the aliases: nested dicts keyed by normalised words; the key ``None``
        of a node holds ``(entity, type, alias)`` where an alias ends."""
        if self._matcher is None:
            self._matcher = {}
        if adjectives not in self._matcher:
            trie: dict = {}
            for row in self._rows:
                forms = [(f, f) for f in [row["entity"], *row["aliases"]]]
                if adjectives and row["nisba"]:
                    for name in [row["entity"], *row["aliases"]]:
                        if len(WORD_RUN.findall(name)) == 1:
                            forms += [(f, f"nisba:{f}") for f in _nisba(name)]
                for form, alias in forms:
                    key = _key(form)
                    if not key:
                        continue
                    node = trie
                    for word in key:
                        node = node.setdefault(word, {})
                    node.setdefault(None, (row["entity"], row["type"], alias))  # the first claim wins
            for role in dict.fromkeys(r["role"] for r in self._roles):
                node = trie
                for word in _key(role):
                    node = node.setdefault(word, {})
                node.setdefault(None, (role, ROLE, role))
            self._matcher[adjectives] = trie
        return self._matcher[adjectives]

    def _resolver(self):
        """How :func:`_tag` resolves a role on a date."""
        return self._holder

    def _readings(self) -> dict[str, list[dict]]:
        """Ambiguous aliases by the alias string the matcher holds (see :meth:`add_ambiguity`)."""
        if self._matcher is None:
            self._matcher = {}
        if "readings" in self._matcher:
            return self._matcher["readings"]
        out = self._matcher["readings"] = {}
        for row in self._rows:
            for form in [row["entity"], *row["aliases"]]:
                readings = self._ambiguous.get(" ".join(_key(form)))
                if readings:
                    out[form] = readings
        return out


@lru_cache(maxsize=1 << 19)
def alias_candidates(word: str) -> tuple[str, ...]:
    """The forms a written word may take as a mention's first word: itself, or without a
    proclitic chain (with the article restored after لل)."""
    norm = normalize(word)
    out = [norm]
    for chain in _CHAINS:
        if norm.startswith(chain) and len(norm) - len(chain) >= 2:
            rest = norm[len(chain) :]
            out.append("ال" + rest if chain.endswith("لل") else rest)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1 << 19)
def _normal(word: str) -> str:
    return normalize(word)


#: The type a role takes in the matcher until it is resolved on a date.
ROLE = "ROLE"
#: Words after a role that make it a former holder's, not the holder of the day.
_FORMER = frozenset({"السابق", "السابقة", "الاسبق", "الاسبقة", "الراحل", "الراحلة"})


#: Words the press uses for its own country ("the Kingdom", "the country"), normalised. الدولة is
#: left out: unqualified, it is as often تنظيم الدولة or الدولة العبرية as the outlet's state.
HOME_WORDS = frozenset({"المملكة", "البلاد"})


def _home_word(words: list[str], i: int) -> bool:
    """Word ``i`` is an unqualified home word: not followed by a definite adjective
    (المملكة الأردنية, البلاد العربية name another country or a region)."""
    if not any(form in HOME_WORDS for form in alias_candidates(words[i])):
        return False
    if i + 1 < len(words):
        following = _normal(words[i + 1])
        if following.startswith("ال") and following.endswith(("ية", "ي", "ة")):
            return False
    return True


def _tag(
    text: str,
    trie: dict,
    when: pd.Timestamp | None = None,
    holder=None,
    home: tuple[str, str] | None = None,
    readings: dict[str, list[dict]] | None = None,
) -> list[Mention]:
    words = WORD_RUN.findall(text)
    spans: list[tuple[int, int]] | None = None
    role_at = -1  # the position in ``out`` of the last role mention
    out = []
    i, n = 0, len(words)
    while i < n:
        best = None
        for form in alias_candidates(words[i]):
            node = trie.get(form)
            if node is None:
                continue
            j = i
            while True:  # walk the trie as far as the following words allow; keep the longest end
                if None in node and (best is None or j > best[0]):
                    best = (j, *node[None])
                if j + 1 >= n:
                    break
                node = node.get(_normal(words[j + 1]))
                if node is None:
                    break
                j += 1
        if best is None:
            if home is not None and _home_word(words, i):
                if spans is None:
                    spans = [m.span() for m in WORD_RUN.finditer(text)]
                out.append(Mention(spans[i][0], spans[i][1], home[1], home[0], normalize(words[i]), "home"))
            i += 1
            continue
        if spans is None:  # offsets only for texts with a mention
            spans = [m.span() for m in WORD_RUN.finditer(text)]
        j, entity, etype, alias = best
        how = "alias"
        if readings and alias in readings:
            chosen = _reading(readings[alias], words, i, j)
            if chosen is None:  # the reading that is no entity: مالي "financial"
                i = j + 1
                continue
            entity, etype = chosen
            how = "context"
        if etype == ROLE:
            how = "role"
            if j + 1 < n and _normal(words[j + 1]) in _FORMER:
                i = j + 2  # a former holder: the name, if any, follows and is found itself
                continue
            resolved = holder(alias, when) if holder is not None else None
            entity, etype = resolved if resolved is not None else (alias, "PER")
            role_at = len(out)
        elif out and role_at == len(out) - 1 and out[-1].entity == entity and spans[i - 1][1] == out[-1].end:
            out.pop()  # الرئيس الأمريكي دونالد ترامب: one mention, the name's
        out.append(Mention(spans[i][0], spans[j][1], etype, entity, alias, how))
        i = j + 1
    return _short_names(words, spans, out, trie) if out else out


def _reading(readings: list[dict], words: list[str], i: int, j: int) -> tuple[str, str] | None:
    """The best reading of an ambiguous alias at words ``i..j`` (see ``add_ambiguity``)."""
    previous = set(alias_candidates(words[i - 1])) if i > 0 else set()
    raw = words[i].replace("\u0640", "")
    written = {_normal(words[i]), raw}
    near: set[str] = set()
    for word in words[max(0, i - 8) : i] + words[j + 1 : j + 9]:
        near.update(alias_candidates(word))
    best, best_score = None, 0
    for reading in readings:
        score = len(near & reading["near"])
        score += 2 * bool(previous & reading["before"]) + 2 * bool(written & reading["written"])
        if score > best_score:
            best, best_score = reading, score
    if best is None:
        best = next((r for r in readings if r["default"]), readings[0])
    return None if best["entity"] is None else (best["entity"], best["type"])


#: Last words of names that are not surnames: regnal ordinals (البابا تواضروس الثاني).
_NOT_SURNAMES = frozenset(
    normalize(w) for w in ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "الأكبر")
)


def _short_names(words: list[str], spans: list[tuple[int, int]], found: list[Mention], trie: dict) -> list[Mention]:
    """After a person's full name (جون كيري), the surname alone later in the same text (كيري)
    is that person: unless two people found in the text share it, or it is itself the start of
    a catalog alias."""
    owners: dict[str, set[str]] = {}
    first_end: dict[str, int] = {}
    for m in found:
        if m.type != "PER" or not (m.how == "alias" or (m.how == "role" and m.entity != m.alias)):
            continue
        names = _key(m.entity)
        if len(names) < 2 or len(names[-1]) < 3 or names[-1] in trie or names[-1] in _NOT_SURNAMES:
            continue
        if names[-2] in _CONNECTORS:  # عبد العزيز, بن سلمان: the last word is half a name
            continue
        owners.setdefault(names[-1], set()).add(m.entity)
        first_end.setdefault(m.entity, m.end)
    surnames = {name: next(iter(who)) for name, who in owners.items() if len(who) == 1}
    if not surnames:
        return found
    taken = [(m.start, m.end) for m in found]
    extra = []
    for i, word in enumerate(words):
        for form in alias_candidates(word):
            entity = surnames.get(form)
            if entity is None:
                continue
            start, end = spans[i]
            if start >= first_end[entity] and not any(a < end and start < b for a, b in taken):
                extra.append(Mention(start, end, "PER", entity, normalize(word), "short"))
            break
    return sorted(found + extra, key=lambda m: m.start) if extra else found


def _with_tagger(found: list[Mention], tagged: list[Mention]) -> list[Mention]:
    """Catalog mentions plus the tagger's mentions that overlap none of them, in text order."""
    if not tagged:
        return found
    if not found:
        return tagged
    out, k = list(found), 0
    for m in tagged:
        while k < len(found) and found[k].end <= m.start:  # both lists are in text order
            k += 1
        if k < len(found) and found[k].start < m.end:
            continue  # overlaps a catalog mention: the catalog's entity stands
        out.append(m)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def tag_entities(
    text: str,
    *,
    catalog: EntityCatalog | None = None,
    adjectives: bool = False,
    tagger: Tagger | None = None,
    when: pd.Timestamp | None = None,
) -> list[Mention]:
    """Find the catalog's entities in one text.

    Parameters
    ----------
    text : str
    when : pandas.Timestamp, optional
        The text's date: a role (:meth:`EntityCatalog.add_role`) names its holder on that
        date; without one, a role stays the role itself.
    catalog : EntityCatalog, optional
        Defaults to :meth:`EntityCatalog.default`.
    adjectives : bool, default False
        Also count nisba adjectives of countries (العراقي، العراقية، العراقيون) as mentions of
        the country; their ``alias`` reads ``nisba:<form>``.
    tagger : mediakit.tagger.Tagger, optional
        A trained named-entity tagger (:func:`mediakit.tagger.load_tagger`) to find the
        entities the catalog lacks too. Catalog mentions keep their canonical entity; a tagger
        mention that overlaps a catalog mention is dropped; the others are added, with the
        normalised surface form as ``entity`` and ``"tagger"`` as ``alias``.

    Returns
    -------
    list of Mention
        In text order.

    Examples
    --------
    >>> [(m.entity, text[m.start:m.end]) for text in ["وصل الوفد إلى بالعِراق"] for m in tag_entities(text)]
    [('العراق', 'بالعِراق')]
    """
    catalog = catalog if catalog is not None else _default_catalog()
    found = _tag(text, catalog._compiled(adjectives), when, catalog._resolver(), None, catalog._readings())
    return found if tagger is None else _with_tagger(found, tagger.tag(text))


@cache
def _default_catalog() -> EntityCatalog:
    return EntityCatalog.default()


def find_entities(
    df: pd.DataFrame,
    *,
    catalog: EntityCatalog | None = None,
    adjectives: bool = False,
    tagger: Tagger | None = None,
    home: Mapping[str, str] | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Every mention of a catalog entity in every article.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles (``text``; ``id``, ``published``, ``source`` are carried along).
    catalog : EntityCatalog, optional
        Defaults to :meth:`EntityCatalog.default`.
    adjectives : bool, default False
        See :func:`tag_entities`.
    tagger : mediakit.tagger.Tagger, optional
        Also the entities a trained tagger finds where the catalog finds none (see
        :func:`tag_entities`); their ``alias`` is ``"tagger"``.
    home : mapping of str to str, optional
        Each outlet's own country (``source`` → a country of the catalog, by name or ISO code),
        so that the unqualified المملكة and البلاد it writes for "our country" count as that
        country (``alias`` holds the word). By default the countries of the shipped feed list
        (``mediakit/data/feeds.csv``) for the outlets it knows; other outlets' home words count
        as nothing.
    progress : bool, default True

    Returns
    -------
    pandas.DataFrame
        ``[id, published, source, entity, type, alias, start, end, how]``, one row per mention,
        in article then text order; ``start:end`` indexes the article's original ``text``;
        ``how`` says how it was resolved (:class:`Mention`): a catalog ``alias``, a dated
        ``role``, the outlet's ``home`` country, a ``short`` name (a surname after the person's
        full name in the same article: كيري after جون كيري), or the ``tagger``.

    Examples
    --------
    >>> import mediakit as mk
    >>> mentions = find_entities(mk.load_sample(), progress=False)
    >>> "حلف شمال الأطلسي" in set(mentions["entity"])
    True
    """
    if "text" not in df.columns:
        raise ValueError(f"the articles frame has no 'text' column (columns: {', '.join(map(str, df.columns))})")
    catalog = catalog if catalog is not None else _default_catalog()
    table = catalog._compiled(adjectives)
    holder = catalog._resolver()
    homes = _homes(home, catalog)
    readings = catalog._readings()
    ids = df["id"].tolist() if "id" in df.columns else list(df.index)
    published = df["published"].tolist() if "published" in df.columns else [pd.NaT] * len(df)
    sources = df["source"].tolist() if "source" in df.columns else [None] * len(df)
    rows = []
    texts = df["text"].tolist()
    for i in progress_bar(range(len(texts)), enabled=progress, desc="entities", unit="article"):
        text = texts[i]
        if not isinstance(text, str) or not text:
            continue
        when = published[i]
        when = when if isinstance(when, pd.Timestamp) else _utc_or_none(when)
        found = _tag(text, table, when, holder, homes.get(sources[i]), readings)
        if tagger is not None:
            found = _with_tagger(found, tagger.tag(text))
        for m in found:
            rows.append((ids[i], published[i], sources[i], m.entity, m.type, m.alias, m.start, m.end, m.how))
    out = pd.DataFrame(rows, columns=["id", "published", "source", "entity", "type", "alias", "start", "end", "how"])
    if "published" in df.columns:
        out["published"] = pd.to_datetime(out["published"], utc=True)
    return out


@cache
def _countries_by_code() -> dict[str, str]:
    frame = pd.read_csv(io.StringIO(files("mediakit.data").joinpath("entities_countries.csv").read_text("utf-8")))
    return dict(zip(frame["code"].astype(str), frame["entity"], strict=True))


@cache
def _feed_countries() -> dict[str, str]:
    frame = pd.read_csv(io.StringIO(files("mediakit.data").joinpath("feeds.csv").read_text("utf-8")), dtype=str)
    return dict(zip(frame["source"], frame["country"], strict=True))


def _homes(home: Mapping[str, str] | None, catalog: EntityCatalog) -> dict[str, tuple[str, str]]:
    """source → (country entity, type) for the outlets whose country is known."""
    given = dict(_feed_countries()) if home is None else dict(home)
    types = {r["entity"]: r["type"] for r in catalog._rows}
    codes = _countries_by_code()
    out = {}
    for source, country in given.items():
        entity = codes.get(str(country).upper(), country)
        if entity in types:
            out[source] = (entity, types[entity])
        elif home is not None:
            raise CatalogError(f"home: the country {country!r} of {source!r} is not in the catalog")
    return out


def _utc_or_none(value) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


# ---------------------------------------------------------------------------------------------
# Discovery

#: Words that introduce a name, by the type of the name they introduce (normalised spelling).
TRIGGERS = {
    "PER": (
        "الرئيس",
        "رئيس الوزراء",
        "رئيس الحكومة",
        "وزير",
        "وزيرة",
        "الوزير",
        "الوزيرة",
        "الامين العام",
        "المتحدث باسم",
        "المتحدثة باسم",
        "السفير",
        "السفيرة",
        "النائب",
        "النائبة",
        "الشيخ",
        "الامير",
        "الملك",
        "المستشار",
        "الجنرال",
        "العميد",
        "اللواء",
        "العقيد",
        "الدكتور",
        "الدكتورة",
        "المبعوث",
        "المبعوثة",
        "المحلل",
        "المحللة",
        "الخبير",
        "الخبيرة",
        "المدير",
        "المديرة",
        "القائد",
        "الروائي",
        "الروائية",
        "المهاجم",
        "المدرب",
        "محافظ",
        "رئيس",
        "رئيسة",
    ),
    "ORG": (
        "حركة",
        "حزب",
        "منظمة",
        "جماعة",
        "شركة",
        "وزارة",
        "مجلس",
        "جامعة",
        "هيئة",
        "مؤسسة",
        "جمعية",
        "تحالف",
        "اتحاد",
        "بنك",
        "وكالة",
        "صندوق",
        "مركز",
        "لجنة",
        "نادي",
        "مجموعة",
    ),
    "LOC": ("مدينة", "محافظة", "ولاية", "منطقة", "بلدة", "قرية", "ميناء", "مطار", "اقليم", "جزيرة", "مخيم", "حي"),
}


_TRIGGER_WORDS = frozenset(w for words in TRIGGERS.values() for phrase in words for w in phrase.split())
_CONNECTORS = frozenset({"بن", "ابن", "بنت", "ابو", "عبد", "الدين", "الله", "ال"})


def _name_like(word: str, stop: frozenset[str]) -> bool:
    """A word that may be part of a name: not a stopword, a number, a trigger, or a word with a
    proclitic (و، ب، ل ... : names end where the clause goes on)."""
    if len(word) < 2 or word in stop or word.isdigit():
        return False
    rest = alias_candidates(word)[1:]  # the word without a proclitic chain, if it has one
    if rest and (word.startswith("و") or any(r in _TRIGGER_WORDS or r.startswith("ال") or r in stop for r in rest)):
        return False
    return word not in _TRIGGER_WORDS


#: Words that join the parts of a name and cannot end one (محمد بن ...، عبد ...، ابو ...، آل ...).
_OPEN_ENDS = frozenset({"بن", "ابن", "بنت", "ابو", "عبد", "ال"})
#: The longest name taken after a trigger, in words (محمد بن زايد آل نهيان).
_NAME_WORDS = 5
#: A longer name is listed when it holds at least this share of a shorter one's occurrences
#: (رجب طيب اردوغان of رجب طيب); a shorter name is listed only when at least ``_OWN_SHARE`` of
#: its occurrences go no further (مجلس الشيوخ, not رجب طيب nor سلمان بن عبد).
_LONGER_SHARE = 0.25
_OWN_SHARE = 0.5


@cache
def _trigger_pattern() -> re.Pattern:
    """Every trigger phrase as it may be written (see :func:`mediakit.arabic.spelling_pattern`);
    the longest phrase that fits wins."""
    phrases = {p for words in TRIGGERS.values() for p in words}
    pattern = spelling_pattern(phrases, presentation_forms=True)  # raw text, as the page gave it
    return re.compile(rf"(?<!{_WORD_CLASS}){pattern}(?!{_WORD_CLASS})")


@cache
def _trigger_types() -> dict[str, str]:
    return {p: ttype for ttype, words in TRIGGERS.items() for p in words}


def _clitic_start(word: str) -> bool:
    """A word that reads as ب، ك or ل before a dictionary word (لكرة، بمدينة) and is not itself a
    known word or name: it continues the clause; a name does not start there."""
    return word[0] in "بكل" and word[1:] in dictionary_words() and word not in protected_words()


def discover_entities(
    df: pd.DataFrame,
    *,
    catalog: EntityCatalog | None = None,
    min_count: int = 3,
    analyzer: object | None = None,
) -> pd.DataFrame:
    """Names that the catalog does not hold yet, found from the words around them.

    Precision first: a candidate is a run of words right after a trigger, within one clause.
    People follow titles and roles (الرئيس، رئيس الوزراء، وزير ...، الأمين العام، المتحدث باسم،
    السفير، الشيخ ...): nisba adjectives and role words after the title are skipped (وزير الخارجية
    المصري) and up to five name words are taken (a first name, بن/عبد/أبو/آل and the parts they
    join, a surname). Organisations and places are their head word with up to three words after
    it (حزب ...، شركة ...، مدينة ...). Which length is the name is decided over the whole corpus:
    a longer form is listed when it holds at least a quarter of a shorter one's occurrences
    (رجب طيب أردوغان, not رجب طيب; سلمان بن عبد العزيز, not سلمان بن عبد), and a shorter form only
    when at least half of its occurrences stop there, so a fragment is never listed as a name;
    each occurrence counts once, for the longest listed name it holds. A name never ends on بن,
    عبد, أبو or آل, and never starts with a preposition before a common word (لكرة القدم).
    Candidates the catalog already knows are left out. Turn the list into catalog entries with
    :meth:`EntityCatalog.from_frame`.

    Triggers are found by one regular expression over the raw text, and only the few words
    after each are read, so the cost grows with the triggers, not with every word.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles.
    catalog : EntityCatalog, optional
        Defaults to :meth:`EntityCatalog.default`.
    min_count : int, default 3
    analyzer : Analyzer, optional
        Supplies the stopwords that end a name (default ``Analyzer()``).

    Returns
    -------
    pandas.DataFrame
        ``[name, type_guess, count, documents, example]``, most frequent first; ``name`` is as
        first written, ``type_guess`` the type of the triggers it followed most, ``example`` a
        stretch of original text around its first occurrence.

    Examples
    --------
    >>> import mediakit as mk
    >>> found = discover_entities(mk.load_sample(), min_count=3)
    >>> "كريم العطار" in set(found["name"])
    True
    """
    catalog = catalog if catalog is not None else _default_catalog()
    stop = (analyzer or Analyzer())._stop
    pattern, types = _trigger_pattern(), _trigger_types()
    norms: dict[str, str] = {}
    like: dict[str, bool] = {}

    def normal(word: str) -> str:
        n = norms.get(word)
        if n is None:
            n = norms[word] = _normal(word)
        return n

    def name_like(word: str) -> bool:
        ok = like.get(word)
        if ok is None:
            ok = like[word] = _name_like(word, stop)
        return ok

    # occurrences: (document, type, the normalised words after the trigger's head, spans)
    occurrences: list[tuple[int, str, tuple[str, ...], tuple[tuple[int, int], ...]]] = []
    texts = df["text"].tolist()
    for doc, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        for hit in pattern.finditer(text):
            ttype = types.get(" ".join(normal(w) for w in hit.group().split()))
            if ttype is None:
                continue
            stop_at = hit.end() + 200
            words = list(itertools.islice(WORD_RUN.finditer(text, hit.end(), stop_at), _NAME_WORDS + 4))
            if words and words[-1].end() == stop_at < len(text):
                words.pop()  # cut by the window: the word may go on
            if not words:
                continue
            gaps = [text[hit.end() : words[0].start()]] + [
                text[a.end() : b.start()] for a, b in itertools.pairwise(words)
            ]
            cut = ["\n" in gap or bool(CLAUSE_BREAKS.search(gap)) for gap in gaps]
            forms = [normal(m.group()) for m in words]
            if cut[0]:
                continue
            k = 0
            if ttype == "PER":
                while k + 1 < len(words) and not cut[k + 1] and forms[k].startswith("ال"):
                    k += 1  # role words and nisba adjectives: وزير الخارجية المصري ...
                first = forms[k]
                if first.startswith("ال") or not name_like(first) or _clitic_start(first):
                    continue
            elif not name_like(forms[0]):
                continue
            end = k
            limit = k + (_NAME_WORDS if ttype == "PER" else 3)
            while end + 1 < min(len(words), limit) and not cut[end + 1]:
                nxt = forms[end + 1]
                if not (name_like(nxt) or (ttype == "PER" and nxt in _CONNECTORS)):
                    break
                end += 1
            spans = tuple((m.start(), m.end()) for m in words[k : end + 1])
            if ttype != "PER":
                spans = ((hit.start(), hit.end()), *spans)
                key = (" ".join(normal(w) for w in hit.group().split()), *forms[: end + 1])
            else:
                key = tuple(forms[k : end + 1])
            occurrences.append((doc, ttype, key, spans))

    # how often each prefix of at least two words (a head and a word) occurs
    seen: Counter = Counter()
    for _, _, key, _ in occurrences:
        for n in range(2, len(key) + 1):
            seen[key[:n]] += 1
    children: dict[tuple, list[tuple]] = {}
    for key in seen:
        if len(key) > 2:
            children.setdefault(key[:-1], []).append(key)

    listed: set[tuple] = set()

    def choose(key: tuple) -> None:
        count = seen[key]
        # an organisation or place goes on with an adjective or a name that has the article
        # (وكالة الأنباء الفرنسية، وزارة الدفاع الروسية): each is a name of its own
        named = types.get(key[0], "PER") != "PER"
        longer = [
            c
            for c in children.get(key, ())
            if seen[c] >= min_count and (seen[c] >= _LONGER_SHARE * count or (named and c[-1].startswith("ال")))
        ]
        for child in longer:
            choose(child)
        own = count - sum(seen[c] for c in longer)
        if own >= max(min_count, _OWN_SHARE * count) and key[-1] not in _OPEN_ENDS:
            listed.add(key)

    for key in [k for k in seen if len(k) == 2]:
        if seen[key] >= min_count:
            choose(key)

    found: dict[tuple, list] = {}
    for doc, ttype, key, spans in occurrences:
        name = next((key[:n] for n in range(len(key), 1, -1) if key[:n] in listed), None)
        if name is None:
            continue
        entry = found.setdefault(name, [doc, spans[: len(name)], 0, set(), Counter()])
        entry[2] += 1
        entry[3].add(doc)
        entry[4][ttype] += 1
    rows = []
    for doc, spans, n, docs, kinds in found.values():
        if n < min_count:
            continue
        text = texts[doc]
        name = text[spans[0][0] : spans[-1][1]]
        name = " ".join(name.split())
        if any(m.start == 0 and m.end == len(name) for m in tag_entities(name, catalog=catalog)):
            continue
        lo, hi = max(spans[0][0] - 60, 0), min(spans[-1][1] + 60, len(text))
        rows.append((name, kinds.most_common(1)[0][0], n, len(docs), " ".join(text[lo:hi].split())))
    out = pd.DataFrame(rows, columns=["name", "type_guess", "count", "documents", "example"])
    return out.sort_values(["count", "name"], ascending=[False, True]).reset_index(drop=True)
