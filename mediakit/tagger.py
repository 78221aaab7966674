"""A trainable named-entity tagger: a linear-chain CRF over words, with the catalog as a gazetteer.

The catalog (:mod:`mediakit.entities`) finds the entities it lists; this tagger also finds the
ones it does not, once trained on a corpus annotated in the CoNLL/BIO format (one ``token TAG``
line a word, a blank line after each sentence; ANERcorp is such a corpus). Training and tagging
run offline with python-crfsuite, an optional dependency: ``pip install "mediakit[tagger]"``.

Each word is described by features of its normalised form (``"search"`` profile):

- the word, the word without its proclitic chain (:func:`mediakit.arabic.strip_clitics`), the
  word without one leading و ف ب ك ل, its first and last one to three letters, its letter
  trigrams, its shape (Arabic, digits, Latin, punctuation; length bucket);
- the same forms of the two words before and after it, and the pairs it makes with its neighbours;
- trigger words of :mod:`mediakit.entities` around it (titles such as الرئيس and وزير before a
  person, heads such as وزارة، حزب، شركة of an organisation, مدينة، محافظة of a place);
- the gazetteer: whether the word begins or continues a catalog alias in its sentence (matched
  as :func:`mediakit.entities.tag_entities` matches, proclitics included; a nisba adjective of a
  country counts as ``ADJ``), and the types of the aliases it is a word of;
- optionally, word clusters learnt from unlabelled news (:func:`word_clusters`): words that
  occur between the same words fall in the same cluster, so a name never seen in training
  (يوفنتوس) is tagged like the names seen around the same words (برشلونة، ليفربول).

:meth:`Tagger.tag_sentences` (and :meth:`Tagger.tag`, over a text's sentences) then makes the tags
of a document consistent: a word left untagged takes the type the tagger gave it in the sentences
around it (a name recognised once, after a title, is recognised where it stands alone).

Features are computed once per word type and cached; a loaded tagger keeps only the features
its model gives a weight, so tagging costs a few list operations a word plus crfsuite's
Viterbi pass. A trained model is two files: the CRF model written by crfsuite and a JSON file
next to it (``<model>.json``) holding the feature set's version, the labels, the training
settings, the catalog and the clusters, so that a loaded tagger computes exactly the features
it was trained with, and how often each word stands inside an entity of the training data
(:meth:`Tagger.entity_name` uses it to tell ومحمد from وليد).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import struct
import time
import warnings
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from mediakit._progress import progress_bar
from mediakit.arabic import normalize, strip_clitics
from mediakit.arabic.clitics import CHAINS
from mediakit.arabic.tokenize import ARABIC_LETTERS, ARABIC_MARKS, WORD_RUN
from mediakit.entities import TRIGGERS, EntityCatalog, Mention, alias_candidates

__all__ = [
    "FEATURES_VERSION",
    "LABELS",
    "SCORE_ROWS",
    "Tagger",
    "TaggerError",
    "TaggerWarning",
    "bio_spans",
    "evaluate_tagger",
    "load_tagger",
    "read_conll",
    "span_scores",
    "tokenize_spans",
    "train_tagger",
    "word_clusters",
]

#: The version of the feature set; a model trained with another version is refused on loading.
FEATURES_VERSION = 1
#: The tags a training corpus may use (``B-PERS`` and ``I-PERS`` are read as ``B-PER``, ``I-PER``).
LABELS = ("O", *(f"{p}-{t}" for t in ("PER", "LOC", "ORG", "MISC") for p in ("B", "I")))
_LABEL_SET = frozenset(LABELS)
_FORMAT = "mediakit-tagger"
_INSTALL = 'the tagger needs python-crfsuite: pip install "mediakit[tagger]"'

# Invisible characters of scraped text (directional marks and embeddings, zero-width space, BOM,
# soft hyphen): inside a word they belong to it, between words they are skipped.
_INVISIBLE = "\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
#: Raw-text tokens as ANERcorp has them: words (an invisible mark inside a word, or a decimal
#: separator between digits, does not end it), and each other mark alone.
_TOKEN = re.compile(
    rf"[\w{ARABIC_MARKS}]+(?:(?:[{_INVISIBLE}]+|(?<={_DIGIT})[.,\u066b\u066c](?={_DIGIT}))[\w{ARABIC_MARKS}]+)*"
    rf"|[^\s\w{ARABIC_MARKS}{_INVISIBLE}]"
)
_ARABIC = re.compile(rf"[{ARABIC_LETTERS}]+")
_BARE = frozenset("وفبكل")
_PAD = ((), (), (), (), (), "", "")
_KINDS = ("PER", "LOC", "ORG", "MISC")
_AT = ("=", "-2=", "-1=", "+1=", "+2=")  # a word's own features, and those it lends to its neighbours
_SENTENCE_END = frozenset({".", "!", "?", "؟", "۔"})


class TaggerError(ValueError):
    """A training file, model file or setting that cannot be used; the message names it."""


class TaggerWarning(UserWarning):
    """Lines of a training file were skipped."""


def _crfsuite():
    try:
        import pycrfsuite
    except ImportError:
        raise ImportError(_INSTALL) from None
    return pycrfsuite


# ---------------------------------------------------------------------------------------------
# CoNLL files and BIO tags


def read_conll(
    path: str | PathLike, *, errors: str = "raise", encoding: str = "utf-8"
) -> list[tuple[list[str], list[str]]]:
    """Read a CoNLL/BIO file: one ``token TAG`` line a word, a blank line after each sentence.

    The last whitespace-separated field of a line is its tag and the rest its token, so two
    spaces before the tag, or a token holding a space, are read as meant. ``B-PERS`` and
    ``I-PERS`` are read as ``B-PER`` and ``I-PER``. A ``-DOCSTART-`` line ends a sentence and is
    not a word. A tag outside :data:`LABELS` and a line with a single field are errors.

    Parameters
    ----------
    path : str or path-like
    errors : {"raise", "skip"}, default "raise"
        ``"raise"``: a bad line raises :class:`TaggerError` naming the file, the line number and
        the line. ``"skip"``: bad lines are left out, and a :class:`TaggerWarning` gives their
        count and the first of them.
    encoding : str, default "utf-8"
        A byte-order mark is skipped; ``"cp1256"`` reads Windows Arabic files. Bytes that do not
        decode raise :class:`TaggerError` naming the line, whatever ``errors`` says.

    Returns
    -------
    list of (tokens, tags)
        A pair of equally long lists for each sentence.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "tiny.txt"
    >>> _ = path.write_text("زار O\\nالرئيس O\\nبغداد B-LOC\\n\\nقال O\\nسالم  B-PERS\\n", encoding="utf-8")
    >>> read_conll(path)
    [(['زار', 'الرئيس', 'بغداد'], ['O', 'O', 'B-LOC']), (['قال', 'سالم'], ['O', 'B-PER'])]
    >>> folder.cleanup()
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors={errors!r}: choose 'raise' or 'skip'")
    path = Path(path)
    if not path.is_file():
        raise TaggerError(f"{path}: no such file")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TaggerError(f"{path}: unknown encoding {encoding!r} (e.g. 'utf-8', 'cp1256')") from None
    sentences: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    bad: list[str] = []
    first_codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            try:
                line = raw.decode(first_codec if number == 1 else encoding)
            except UnicodeDecodeError as exc:
                hint = " (Arabic files are often windows-1256: encoding='cp1256')" if encoding != "cp1256" else ""
                raise TaggerError(f"{path}, line {number}: not {encoding} text: {exc.reason}{hint}") from None
            fields = line.split()
            if fields and fields[0] == "-DOCSTART-":
                fields = []
            if not fields:
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            tag = fields[-1].replace("PERS", "PER")
            if len(fields) < 2:
                problem = "a tag but no token" if tag in _LABEL_SET else "no tag"
            elif tag not in _LABEL_SET:
                problem = f"tag {fields[-1]!r} is not O or B-/I- of PER, LOC, ORG, MISC"
            else:
                tokens.append(" ".join(fields[:-1]))
                tags.append(tag)
                continue
            message = f"{path}, line {number}: {problem}: {line.rstrip()!r}"
            if errors == "raise":
                raise TaggerError(message + ' (correct the line, or read the file with errors="skip")')
            bad.append(message)
    if tokens:
        sentences.append((tokens, tags))
    if bad:
        warnings.warn(f"{path}: skipped {len(bad)} bad lines (the first: {bad[0]})", TaggerWarning, stacklevel=2)
    return sentences


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """The entities of a BIO tag sequence as ``(first, end, type)``, ``end`` exclusive.

    CoNLL rules: an entity starts at ``B-``, or at an ``I-`` that does not continue an entity
    of its type, and goes on over the ``I-`` tags of its type.

    Examples
    --------
    >>> bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'ORG'), (5, 6, 'LOC')]
    """
    spans = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            spans.append((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return spans


def tokenize_spans(text: str) -> list[tuple[str, int, int]]:
    """Split raw text into tokens the way ANERcorp is tokenised, with their offsets.

    Words (with their diacritics, tatweel and proclitics) and numbers (with decimal separators)
    are tokens; every other mark is a token of its own; invisible characters between words are
    skipped.

    Returns
    -------
    list of (token, start, end)
        ``text[start:end] == token``.

    Examples
    --------
    >>> [t for t, _, _ in tokenize_spans("قال الرئيـس: «النمو 3.5%» (تقريباً).")]
    ['قال', 'الرئيـس', ':', '«', 'النمو', '3.5', '%', '»', '(', 'تقريباً', ')', '.']
    """
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------------------------------------
# Word clusters from unlabelled text


def word_clusters(
    texts: Iterable[str],
    *,
    sizes: Sequence[int] = (32, 128, 512, 2048),
    min_count: int = 5,
    max_words: int = 150_000,
    contexts: int = 4000,
    dimensions: int = 100,
    max_tokens: int = 20_000_000,
    seed: int = 0,
    progress: bool = True,
) -> dict[str, tuple[int, ...]]:
    """Group the words of unlabelled texts by the words they occur between.

    Each word seen at least ``min_count`` times (the ``max_words`` most frequent at most) is
    described by how often each of the ``contexts`` most frequent words stands one and two
    places before and after it (positive pointwise mutual information), reduced to
    ``dimensions`` dimensions by a truncated SVD; the words are then clustered by spherical
    k-means once for each of ``sizes``. Words are normalised (``"search"`` profile) and keep their
    proclitics. Pass the result to :func:`train_tagger`; a few million words of news are enough.

    Parameters
    ----------
    texts : iterable of str
        Raw texts, e.g. ``articles["text"]``.
    sizes : sequence of int, default (32, 128, 512, 2048)
        The numbers of clusters, coarse to fine (each capped at the number of words).
    min_count, max_words, contexts, dimensions : int
    max_tokens : int, default 20,000,000
        Reading stops after the text that passes this many tokens: memory grows with the
        tokens read (about 60 bytes each at the peak), and more text hardly changes the clusters.
    seed : int, default 0
        The clusters depend on it only through the k-means starting points.
    progress : bool, default True
        A progress bar while the texts are read.

    Returns
    -------
    dict of str to tuple of int
        The cluster numbers of each word, one for each size.

    Examples
    --------
    >>> import mediakit as mk
    >>> clusters = word_clusters(mk.load_sample()["text"], sizes=(4, 16), dimensions=8, progress=False)
    >>> len(clusters["العراق"])
    2
    """
    import numpy as np
    from scipy import sparse
    from scipy.sparse.linalg import svds

    # 1. Every text as word ids, two -1 between texts (so that no window spans two texts).
    ids: dict[str, int] = {}
    norms: dict[str, int] = {}
    seq = array("i")
    for text in progress_bar(texts, enabled=progress, desc="clusters", unit="text"):
        if not isinstance(text, str):
            continue
        for token in _TOKEN.findall(text):
            k = ids.get(token)
            if k is None:
                k = ids[token] = norms.setdefault(normalize(token), len(norms))
            seq.append(k)
        seq.extend((-1, -1))
        if len(seq) >= max_tokens:
            break
    words = np.frombuffer(seq, dtype=np.int32) if len(seq) else np.zeros(0, dtype=np.int32)
    names = list(norms)
    counts = np.bincount(words[words >= 0], minlength=len(names))
    order = np.argsort(-counts, kind="stable")[:max_words]
    order = order[counts[order] >= min_count]
    if len(order) < 2:
        return {}
    # 2. Rows: the kept words; columns: the most frequent words at positions -2, -1, +1, +2.
    row_of = np.full(len(names) + 1, -1, dtype=np.int64)  # index -1 (the separator) maps to -1
    row_of[order] = np.arange(len(order))
    n_ctx = min(contexts, len(order))
    col_of = np.where(row_of < n_ctx, row_of, -1)
    rows, cols = row_of[words], col_of[words]
    pairs_r, pairs_c = [], []
    for block, shift in enumerate((-2, -1, 1, 2)):
        r = rows[max(-shift, 0) : len(rows) - max(shift, 0)]
        c = cols[max(shift, 0) : len(cols) - max(-shift, 0)]
        keep = (r >= 0) & (c >= 0)
        pairs_r.append(r[keep])
        pairs_c.append(c[keep] + block * n_ctx)
    r, c = np.concatenate(pairs_r), np.concatenate(pairs_c)
    matrix = sparse.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(order), 4 * n_ctx)).tocsr()
    matrix.sum_duplicates()
    # 3. Positive PMI (context counts smoothed to the power 0.75), then a truncated SVD.
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    ctx = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    ctx *= total / ctx.sum()
    coo = matrix.tocoo()
    with np.errstate(divide="ignore"):
        pmi = np.log(coo.data * total / (row_sums[coo.row] * ctx[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    k = max(1, min(dimensions, min(ppmi.shape) - 1))
    u, s, _ = svds(ppmi, k=k, random_state=seed)
    vectors = (u * np.sqrt(s)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    # 4. Spherical k-means for each size.
    found = [_spherical_kmeans(vectors, min(size, len(order)), seed=seed) for size in sizes]
    return {names[w]: tuple(int(f[i]) for f in found) for i, w in enumerate(order)}


def _spherical_kmeans(vectors, k: int, *, seed: int, iterations: int = 15):
    """Cluster numbers of unit vectors (cosine k-means from k distinct random rows)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        for lo in range(0, len(vectors), 16384):  # in chunks: a words x clusters matrix can be large
            labels[lo : lo + 16384] = np.argmax(vectors[lo : lo + 16384] @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        norms = np.linalg.norm(sums, axis=1)
        filled = norms > 0
        centres[filled] = sums[filled] / norms[filled, None]  # an emptied cluster keeps its centre
    return labels


# ---------------------------------------------------------------------------------------------
# Features


def _trigger_words() -> dict[str, str]:
    """The one-word triggers of :mod:`mediakit.entities`, normalised: the type each introduces."""
    out: dict[str, str] = {}
    for kind, phrases in TRIGGERS.items():
        for phrase in phrases:
            if " " not in phrase:
                out.setdefault(normalize(phrase), kind)
    return out


def _shape(word: str) -> str:
    if _ARABIC.fullmatch(word):
        return "ar"
    if word.isdigit():
        return "num"
    if word.isascii() and word.isalpha():
        return "lat"
    if not any(c.isalnum() for c in word):
        return "punct"
    return "mixnum" if any(c.isdigit() for c in word) else "mix"


def _length(word: str) -> str:
    n = len(word)
    return str(n) if n <= 3 else "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


class _Features:
    """The feature lists of sentences; the part of them that depends on one word is cached per word."""

    def __init__(
        self,
        catalog: EntityCatalog,
        clusters: Mapping[str, tuple[int, ...]] | None = None,
        known: frozenset[str] | None = None,
    ) -> None:
        self.catalog = catalog
        self.clusters = clusters or {}
        self.known = known  # the attributes a model weighs: others are not passed to crfsuite
        self._trie = catalog._compiled(True)
        self._triggers = _trigger_words()
        kinds: dict[str, set[str]] = {}
        for row in catalog._rows:
            for form in [row["entity"], *row["aliases"]]:
                for word in WORD_RUN.findall(normalize(form)):
                    kinds.setdefault(word, set()).add(row["type"])
        self._alias_words = {w: "|".join(sorted(k)) for w, k in kinds.items()}
        self._paths: dict[tuple[int, ...], list[tuple[str, ...]]] = {}  # the cluster features of a path
        self._types: dict[str, tuple] = {}

    def _keep(self, feats: list[str]) -> tuple[str, ...]:
        known = self.known
        return tuple(feats) if known is None else tuple([f for f in feats if f in known])

    def _type(self, token: str) -> tuple:
        """``(own, lent to the word two before, one before, one after, two after, word, stripped word)``."""
        word = normalize(token).replace(" ", "_") or "_"
        stripped = strip_clitics(word)
        bare = word[1:] if len(word) >= 4 and word[0] in _BARE else word
        trigger = known = ""
        for form in alias_candidates(word):
            trigger = trigger or self._triggers.get(form, "")
            known = known or self._alias_words.get(form, "")
        clusters = self.clusters
        path = clusters.get(word) or clusters.get(stripped) or clusters.get(bare)
        shape = _shape(word)
        own = [
            "w=" + word,
            "s=" + stripped,
            "b=" + bare,
            "p1=" + word[:1],
            "p2=" + word[:2],
            "p3=" + word[:3],
            "x1=" + word[-1:],
            "x2=" + word[-2:],
            "x3=" + word[-3:],
            "sp2=" + stripped[:2],
            "sx2=" + stripped[-2:],
            "shape=" + shape,
            "len=" + _length(stripped),
        ]
        if stripped != word:
            own.append("chain=" + word[: len(word) - len(stripped)])
        if shape == "ar" and len(stripped) > 3:
            marked = "^" + stripped + "$"
            own += dict.fromkeys(["c3=" + marked[i : i + 3] for i in range(len(marked) - 2)])  # once each, in order
            vowels = stripped.count("ا") + stripped.count("و") + stripped.count("ي")
            own.append("v=" + str(round(vowels * 4 / len(stripped))))
        # what the word lends to its neighbours, at each of the four places
        lent = [["w" + at + word, "s" + at + stripped] for at in _AT[1:]]
        for name, value in (("trig", trigger), ("cw", known), ("shape", "" if shape == "ar" else shape)):
            if value:
                for feats, at in zip(lent, _AT[1:], strict=True):
                    feats.append(name + at + value)
        if trigger:
            own.append("trig=" + trigger)
        if known:
            own.append("cw=" + known)
        lent[1].append("x2-1=" + word[-2:])
        lent[2].append("p2+1=" + word[:2])
        keep = self.known
        if keep is not None:
            own = [f for f in own if f in keep]
            lent = [[f for f in feats if f in keep] for feats in lent]
        if path:
            extra = self._paths.get(path)
            if extra is None:
                extra = self._paths[path] = [
                    self._keep([f"k{level}{at}{c}" for level, c in enumerate(path)]) for at in _AT
                ]
            own += extra[0]
            for feats, more in zip(lent, extra[1:], strict=True):
                feats += more
        entry = (tuple(own), *map(tuple, lent), word, stripped)
        if len(self._types) >= 500_000:
            self._types.clear()
        self._types[token] = entry
        return entry

    def _gazetteer(self, words: list[str]) -> list[str]:
        """BIO tags of the catalog's aliases over normalised words; the longest alias wins."""
        trie = self._trie
        n = len(words)
        out = ["O"] * n
        i = 0
        while i < n:
            best = None
            for form in alias_candidates(words[i]):
                node = trie.get(form)
                j = i
                while node is not None:
                    if None in node and (best is None or j > best[0]):
                        best = (j, node[None])
                    j += 1
                    if j >= n:
                        break
                    node = node.get(words[j])
            if best is None:
                i += 1
                continue
            j, (_entity, kind, alias) = best
            kind = "ADJ" if alias.startswith("nisba:") else kind
            out[i] = "B-" + kind
            for k in range(i + 1, j + 1):
                out[k] = "I-" + kind
            i = j + 1
        return out

    def forms(self, tokens: Sequence[str]) -> list[str]:
        """The normalised words of a sentence's tokens without their proclitic chain."""
        cache = self._types
        return [(cache.get(t) or self._type(t))[6] for t in tokens]

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """The feature lists of a sentence's tokens."""
        n = len(tokens)
        if not n:
            return []
        cache = self._types
        types = [cache.get(t) or self._type(t) for t in tokens]
        words = [t[5] for t in types]
        gaz = self._gazetteer(words)
        padded = [_PAD, _PAD, *types, _PAD, _PAD]
        gpad = ["", "", *gaz, "", ""]
        wpad = ["", "", *words, "", ""]
        known = self.known
        out = []
        for i in range(n):
            k = i + 2
            extra = [
                "g=" + gaz[i],
                "g-1=" + gpad[k - 1],
                "g+1=" + gpad[k + 1],
                "w-1|w=" + wpad[k - 1] + "|" + words[i],
                "w|w+1=" + words[i] + "|" + wpad[k + 1],
            ]
            if i == 0:
                extra.append("BOS")
            if i == n - 1:
                extra.append("EOS")
            if known is not None:
                extra = [f for f in extra if f in known]
            out.append(
                [
                    "bias",
                    *padded[k][0],
                    *padded[k - 2][1],
                    *padded[k - 1][2],
                    *padded[k + 1][3],
                    *padded[k + 2][4],
                    *extra,
                ]
            )
        return out


# ---------------------------------------------------------------------------------------------
# Training, loading, tagging


def _side_file(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def train_tagger(
    conll_path: str | PathLike | Iterable[tuple[Sequence[str], Sequence[str]]],
    *,
    out: str | PathLike,
    catalog: EntityCatalog | None = None,
    clusters: Mapping[str, Sequence[int]] | None = None,
    max_iterations: int = 100,
    c1: float = 0.05,
    c2: float = 0.05,
    errors: str = "raise",
    encoding: str = "utf-8",
    progress: bool = True,
) -> Path:
    """Train a CRF tagger (L-BFGS) on a CoNLL/BIO corpus and write it to ``out``.

    Parameters
    ----------
    conll_path : str, path-like, or iterable of (tokens, tags)
        A CoNLL file (read with :func:`read_conll`), or sentences as that function returns them.
    out : str or path-like
        The model file to write; its settings go next to it, to ``<out>.json``.
    catalog : EntityCatalog, optional
        The gazetteer (default: :meth:`EntityCatalog.default`). It is stored with the model.
    clusters : mapping of str to sequence of int, optional
        Word clusters from :func:`word_clusters`, stored with the model.
    max_iterations : int, default 100
        L-BFGS iterations.
    c1, c2 : float, default 0.05
        L1 and L2 regularisation.
    errors : {"raise", "skip"}, default "raise"
        What to do with bad lines of the file (see :func:`read_conll`).
    encoding : str, default "utf-8"
        The file's encoding (see :func:`read_conll`).
    progress : bool, default True
        Progress bars while features are computed and over the L-BFGS iterations (which may
        end early, when the optimisation has converged).

    Returns
    -------
    pathlib.Path
        The model file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> sentence = ["قال", "الوزير", "سالم", "الحارثي", "في", "صلالة"]
    >>> data = [(sentence, ["O", "O", "B-PER", "I-PER", "O", "B-LOC"])] * 5
    >>> model = train_tagger(data, out=pathlib.Path(folder.name) / "tiny.crfsuite", max_iterations=20)
    >>> load_tagger(model).tag_tokens(sentence)
    ['O', 'O', 'B-PER', 'I-PER', 'O', 'B-LOC']
    >>> folder.cleanup()
    """
    pycrfsuite = _crfsuite()
    if isinstance(conll_path, str | PathLike):
        sentences = read_conll(conll_path, errors=errors, encoding=encoding)
        source = str(conll_path)
    else:
        sentences = [(list(tokens), list(tags)) for tokens, tags in conll_path]
        source = "sentences"
    for i, (tokens, tags) in enumerate(sentences, start=1):
        if len(tokens) != len(tags):
            raise TaggerError(f"{source}, sentence {i}: {len(tokens)} tokens but {len(tags)} tags")
        wrong = next((t for t in tags if t not in _LABEL_SET), None)
        if wrong is not None:
            raise TaggerError(f"{source}, sentence {i}: tag {wrong!r} is not one of {', '.join(LABELS)}")
    if not sentences:
        raise TaggerError(f"{source}: no sentences to train on")
    if max_iterations < 1:
        raise TaggerError(f"max_iterations={max_iterations}: must be 1 or more")
    catalog = catalog if catalog is not None else EntityCatalog.default()
    clusters = {str(w): tuple(int(c) for c in path) for w, path in (clusters or {}).items()}
    features = _Features(catalog, clusters)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer = _trainer(pycrfsuite)
    for tokens, tags in progress_bar(sentences, enabled=progress, desc="features", unit="sentence"):
        trainer.append(features.sentence(tokens), tags)
    trainer.set_params(
        {"c1": float(c1), "c2": float(c2), "max_iterations": int(max_iterations), "feature.possible_transitions": True}
    )
    if progress:
        from tqdm.auto import tqdm

        trainer.bar = tqdm(total=int(max_iterations), desc="training", unit="iteration")
    try:
        trainer.train(str(out))
    finally:
        if trainer.bar is not None:
            trainer.bar.close()
    info = {
        "format": _FORMAT,
        "features": FEATURES_VERSION,
        "labels": sorted({t for _, tags in sentences for t in tags}),
        "training": {
            "source": source,
            "sentences": len(sentences),
            "tokens": sum(len(tokens) for tokens, _ in sentences),
            "algorithm": "lbfgs",
            "max_iterations": int(max_iterations),
            "c1": float(c1),
            "c2": float(c2),
            "seconds": round(time.perf_counter() - started, 2),
        },
        "catalog": [
            {"entity": r["entity"], "type": r["type"], "aliases": r["aliases"], "nisba": "yes" if r["nisba"] else ""}
            for r in catalog._rows
        ],
        "clusters": clusters,
        "names": _name_words(sentences),
        "model_sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
    }
    _side_file(out).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return out


def _trainer(pycrfsuite):
    """A crfsuite L-BFGS trainer that prints nothing; a progress bar put in ``bar`` counts the iterations."""

    class Trainer(pycrfsuite.Trainer):
        bar = None

        def message(self, message: str) -> None:
            # crfsuite reports through this; its log parser tells where an iteration ends
            if self.bar is not None and self.logparser is not None and self.logparser.feed(message) == "iteration":
                self.bar.update(1)

    return Trainer(algorithm="lbfgs", verbose=False)


def _name_words(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, int]:
    """How often each normalised word is written inside an entity of the training data."""
    names: dict[str, int] = {}
    for tokens, tags in sentences:
        for first, end, _kind in bio_spans(tags):
            for token in tokens[first:end]:
                word = normalize(token)
                names[word] = names.get(word, 0) + 1
    return dict(sorted(names.items()))


_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _u32(data: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Little-endian 32-bit integers read at byte offsets ``at`` (aligned or not)."""
    at = at.astype(np.int64)
    return (
        data[at].astype(np.uint64)
        | data[at + 1].astype(np.uint64) << 8
        | data[at + 2].astype(np.uint64) << 16
        | data[at + 3].astype(np.uint64) << 24
    ).astype(np.int64)


def _model_problem(model: bytes) -> str | None:
    """What makes ``model`` unsafe to hand to crfsuite, which reads it without checking, or None.

    Checks the header (magic, size, type, version), that every chunk lies inside the file, that
    every feature names a label and an attribute that exist, that every feature reference list
    lies inside its chunk and names existing features, and that both string databases (labels,
    attributes) have their tables and records inside them. All of it is vectorised: a few
    milliseconds on a 3 MB model. This guards against damage, not against every crafted file.
    """
    size = len(model)
    if size < 48:
        return "shorter than a crfsuite header"
    magic, stated, kind, version, _, labels, attrs, *offsets = struct.unpack_from("<4sI4sIIIIIIIII", model)
    if magic != b"lCRF" or stated != size:
        return "not a complete crfsuite model (truncated or not a model)"
    if kind != b"FOMC" or version != 100:
        return f"a crfsuite model of another type or version ({kind!r}, {version})"
    off_features, off_labels, off_attrs, off_labelrefs, off_attrrefs = offsets
    if any(not 48 <= off <= size - 12 for off in offsets):
        return "a chunk offset points outside the file"
    data = np.frombuffer(model, dtype=np.uint8)

    chunk, length, count = struct.unpack_from("<4sII", model, off_features)
    if chunk != b"FEAT" or length != 12 + _FEATURE.itemsize * count or off_features + length > size:
        return "its feature chunk does not fit the file"
    features = np.frombuffer(model, dtype=_FEATURE, count=count, offset=off_features + 12)
    state, transition = features["type"] == 0, features["type"] == 1
    if not (state | transition).all():
        return "a feature of unknown type"
    if (features["dst"] >= labels).any() or (features["src"] >= np.where(state, attrs, labels)).any():
        return "a feature names a label or attribute that does not exist"
    if not np.isfinite(features["weight"]).all():
        return "a feature weight is not a finite number"

    for name, off, needed in (("LFRF", off_labelrefs, labels), ("AFRF", off_attrrefs, attrs)):
        chunk, length, items = struct.unpack_from("<4sII", model, off)
        if chunk != name.encode() or items < needed or 12 + 4 * items > length or off + length > size:
            return f"its {name} chunk does not fit the file"
        starts = np.frombuffer(model, dtype="<u4", count=items, offset=off + 12).astype(np.int64)
        used = starts[starts != 0]
        if ((used < off + 12) | (used + 4 > off + length)).any():
            return f"a reference list of its {name} chunk lies outside it"
        counts = _u32(data, used)
        if (used + 4 + 4 * counts > off + length).any():
            return f"a reference list of its {name} chunk runs past it"
        if counts.sum():
            at = np.repeat(used + 4, counts) + 4 * (
                np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            )
            if (_u32(data, at) >= count).any():
                return f"a reference of its {name} chunk names a feature that does not exist"

    for off, entries in ((off_labels, labels), (off_attrs, attrs)):
        if off + 24 + 256 * 8 > size:
            return "a string database does not fit the file"
        chunk, length, _, order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", model, off)
        if chunk != b"CQDB" or off + length > size or order != 0x62445371 or bwd_size != entries:
            return "a string database has a damaged header"
        tables = np.frombuffer(model, dtype="<u4", count=512, offset=off + 24).astype(np.int64).reshape(256, 2)
        filled = tables[tables[:, 1] > 0]
        if ((filled[:, 0] < 24) | (filled[:, 0] + 8 * filled[:, 1] > length)).any():
            return "a string database has a table outside it"
        if bwd_size and (bwd_offset < 24 or bwd_offset + 4 * bwd_size > length):
            return "a string database has its index outside it"
        buckets = [
            np.frombuffer(model, dtype="<u4", count=2 * n, offset=off + t).astype(np.int64)[1::2] for t, n in filled
        ]
        records = np.concatenate(
            [np.frombuffer(model, dtype="<u4", count=bwd_size, offset=off + bwd_offset).astype(np.int64), *buckets]
        )
        records = records[records != 0]
        if ((records < 24) | (records + 8 > length)).any():
            return "a string database has a record outside it"
        if (records + 8 + _u32(data, off + records + 4) > length).any():
            return "a string database has a record that runs past it"
    return None


class Tagger:
    """A trained tagger; :func:`load_tagger` makes one.

    A tagger can be pickled (the model travels in memory, not as a path), so Dask workers
    and process pools can use it: ``find_entities(ddf, tagger=tagger)``.

    Attributes
    ----------
    path : pathlib.Path
        The model file it was loaded from.
    info : dict
        What is stored with the model: ``labels``, ``training`` settings, feature version
        (the catalog, clusters and name words are taken out into the attributes below).
    catalog : EntityCatalog
        The gazetteer the model was trained with.
    clusters : dict
        The word clusters it was trained with (empty without).
    """

    def __init__(self, path: Path, info: dict, model: bytes) -> None:
        pycrfsuite = _crfsuite()
        # crfsuite reads a model without checking it (a truncated file crashes the process):
        # its structure is checked first, and its checksum must match its settings file
        problem = _model_problem(model)
        if problem is not None:
            raise TaggerError(f"{path}: {problem}; train it again")
        digest = info.get("model_sha256")
        if digest is not None and hashlib.sha256(model).hexdigest() != digest:
            raise TaggerError(f"{path}: the model file differs from the one its settings file describes; retrain")
        self.path = path
        self._stored = (info, model)  # for pickling
        info = dict(info)
        info.pop("model_sha256", None)
        catalog = EntityCatalog(warn=False)
        for i, row in enumerate(info.pop("catalog", []), start=1):
            catalog._append(row, where=f"{_side_file(path)}, catalog entry {i}")
        self.catalog = catalog
        self.clusters = {w: tuple(p) for w, p in (info.pop("clusters", {}) or {}).items()}
        self._names = {str(w): int(n) for w, n in (info.pop("names", {}) or {}).items()}
        self.info = info
        self._crf = pycrfsuite.Tagger()
        try:
            self._crf.open_inmemory(model)
        except (OSError, ValueError) as exc:
            raise TaggerError(f"{path}: not a crfsuite model ({exc}); train one with train_tagger") from None
        known = frozenset(attribute for attribute, _ in self._crf.info().state_features)
        self._features = _Features(catalog, self.clusters, known)
        for word in self._features._alias_words:  # a catalog name counts as seen once
            self._names[word] = self._names.get(word, 0) + 1

    def __reduce__(self):
        return (Tagger, (self.path, *self._stored))

    def __repr__(self) -> str:
        training = self.info.get("training", {})
        return f"Tagger({str(self.path)!r}, trained on {training.get('sentences', '?')} sentences)"

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (``B-PER``, ``I-LOC``, ``O`` ...) of a tokenised sentence.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = tempfile.TemporaryDirectory()
        >>> data = [(["زار", "الوفد", "صلالة"], ["O", "O", "B-LOC"])] * 5
        >>> tagger = load_tagger(train_tagger(data, out=pathlib.Path(folder.name) / "m.crfsuite"))
        >>> tagger.tag_tokens(["زار", "الوفد", "صلالة"])
        ['O', 'O', 'B-LOC']
        >>> folder.cleanup()
        """
        if not tokens:
            return []
        return self._crf.tag(self._features.sentence(tokens))

    def tag_sentences(
        self, sentences: Sequence[Sequence[str]], *, window: int = 20, ratio: float = 0.2
    ) -> list[list[str]]:
        """BIO tags of consecutive tokenised sentences (a document, or a stream of documents).

        Each sentence is tagged with :meth:`tag_tokens`; then a word left outside the entities
        is given the type it has nearby, so that a name recognised once (ألبرت أينشتاين) is
        recognised where it stands alone (قال أينشتاين). A word (without its proclitics, of
        three letters or more) takes type T when, in the ``window`` sentences before and after
        it, at least ``ratio`` of its occurrences were tagged as a one-word T entity or as a
        word of a person's name. It continues an entity of type T just before it, or else
        begins one. On ANERcorp this second pass adds about 0.01 to the micro F1, mostly
        the recall of people (``benchmarks/eval_tagger.py``).

        Parameters
        ----------
        sentences : sequence of sequence of str
            Tokenised sentences, in text order.
        window : int, default 20
            The sentences on each side that count; 0 tags each sentence alone.
        ratio : float, default 0.2

        Returns
        -------
        list of list of str

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = tempfile.TemporaryDirectory()
        >>> data = [(["قال", "الوزير", "سالم", "الحارثي"], ["O", "O", "B-PER", "I-PER"])] * 5
        >>> data += [(["وقال", "الحارثي", "ذلك"], ["O", "O", "O"])] * 5
        >>> tagger = load_tagger(train_tagger(data, out=pathlib.Path(folder.name) / "m.crfsuite"))
        >>> sentences = [["قال", "الوزير", "سالم", "الحارثي"], ["وقال", "الحارثي", "ذلك"]]
        >>> tagger.tag_sentences(sentences, window=0)[1], tagger.tag_sentences(sentences)[1]
        (['O', 'O', 'O'], ['O', 'B-PER', 'O'])
        >>> folder.cleanup()
        """
        tags = [self.tag_tokens(tokens) for tokens in sentences]
        if window <= 0 or not tags:
            return tags
        return _consistent([self._features.forms(tokens) for tokens in sentences], tags, window, ratio)

    def entity_name(self, surface: str) -> str:
        """The ``entity`` a tagger mention gets: its surface form normalised, without proclitics.

        The text is normalised (``"search"`` profile) and its spaces collapsed. Then a proclitic
        chain before the article leaves the article (وبالعراق → العراق, للجيش → الجيش), and a
        bare و ف ب ك ل before the first word is removed when the remainder is written inside
        entities more often than the whole word: in the training data, or as a word of a catalog
        name (ومحمد → محمد, but وليد, بغداد, لندن stay).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = tempfile.TemporaryDirectory()
        >>> data = [(["قال", "محمد", "سالم"], ["O", "B-PER", "I-PER"])] * 5
        >>> tagger = load_tagger(train_tagger(data, out=pathlib.Path(folder.name) / "m.crfsuite"))
        >>> [tagger.entity_name(s) for s in ("ومحمّد سالم", "وبالمنامة", "لندن", "وليد")]
        ['محمد سالم', 'المنامة', 'لندن', 'وليد']
        >>> folder.cleanup()
        """
        words = normalize(surface).split()
        if not words:
            return ""
        first, names = words[0], self._names
        for chain, has_article in CHAINS:
            if chain == "ال" or not first.startswith(chain):
                continue
            rest = first[len(chain) :]
            if has_article:
                if len(rest) >= 2:
                    words[0] = "ال" + rest
                    break
            elif len(rest) >= 3 and names.get(rest, 0) > names.get(first, 0):
                words[0] = rest
                break
        return " ".join(words)

    def tag(self, text: str, *, window: int = 20) -> list[Mention]:
        """The named entities of a raw text, in text order.

        The text is tokenised with :func:`tokenize_spans` and cut into sentences (a sentence
        ends after . ! ؟ or at a line break), which are tagged together as
        :meth:`tag_sentences` tags them (``window``); ``text[m.start:m.end]`` is what was
        written, proclitics included. A mention's ``entity`` is :meth:`entity_name` of it, its
        ``alias`` is ``"tagger"``.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> folder = tempfile.TemporaryDirectory()
        >>> sentence = ["قال", "الوزير", "سالم", "الحارثي", "في", "صلالة", "."]
        >>> data = [(sentence, ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"])] * 5
        >>> tagger = load_tagger(train_tagger(data, out=pathlib.Path(folder.name) / "m.crfsuite"))
        >>> text = "قال الوزيرُ سالم الحـــارثي في صلالة."
        >>> [(m.type, m.entity, text[m.start : m.end]) for m in tagger.tag(text)]
        [('PER', 'سالم الحارثي', 'سالم الحـــارثي'), ('LOC', 'صلالة', 'صلالة')]
        >>> folder.cleanup()
        """
        spans = tokenize_spans(text)
        sentences = []
        begin = 0
        for end in range(1, len(spans) + 1):
            # a sentence ends after . ! ? ؟ or at a line break, as the training sentences do
            if (
                end < len(spans)
                and spans[end - 1][0] not in _SENTENCE_END
                and "\n" not in text[spans[end - 1][2] : spans[end][1]]
            ):
                continue
            sentences.append(spans[begin:end])
            begin = end
        tagged = self.tag_sentences([[token for token, _, _ in sentence] for sentence in sentences], window=window)
        out = []
        for sentence, tags in zip(sentences, tagged, strict=True):
            for first, last, kind in bio_spans(tags):
                start, stop = sentence[first][1], sentence[last - 1][2]
                out.append(Mention(start, stop, kind, self.entity_name(text[start:stop]), "tagger", "tagger"))
        return out


def _consistent(forms: list[list[str]], tags: list[list[str]], window: int, ratio: float) -> list[list[str]]:
    """The second pass of :meth:`Tagger.tag_sentences`, over a sliding window of sentences.

    ``forms`` are the sentences' words without their proclitics, ``tags`` their first-pass tags.
    """
    votes: list[list[tuple[str, str]]] = []  # (word, type) for each entity word that counts
    for words, sentence in zip(forms, tags, strict=True):
        found = []
        for first, end, kind in bio_spans(sentence):
            if end - first == 1 or kind == "PER":
                found += [(w, kind) for w in words[first:end] if len(w) >= 3 and w.isalpha()]
        votes.append(found)
    counts: Counter[str] = Counter()  # the words of the window
    typed: Counter[tuple[str, str]] = Counter()  # their votes
    active = 0  # the number of votes in the window
    n = len(tags)
    for j in range(min(window, n)):
        counts.update(forms[j])
        typed.update(votes[j])
        active += len(votes[j])
    out = []
    for i in range(n):
        if i + window < n:  # the window becomes sentences i - window to i + window
            counts.update(forms[i + window])
            typed.update(votes[i + window])
            active += len(votes[i + window])
        if i - window > 0:
            counts.subtract(forms[i - window - 1])
            typed.subtract(votes[i - window - 1])
            active -= len(votes[i - window - 1])
        sentence = tags[i]
        if active:
            sentence = list(sentence)
            for k, word in enumerate(forms[i]):
                if sentence[k] != "O":
                    continue
                best, most = "", 0
                for kind in _KINDS:
                    c = typed.get((word, kind), 0)
                    if c > most:
                        best, most = kind, c
                if most and most >= ratio * counts[word]:
                    before = sentence[k - 1] if k else "O"
                    sentence[k] = ("I-" if before[2:] == best else "B-") + best
        out.append(sentence)
    return out


def load_tagger(path: str | PathLike) -> Tagger:
    """Load a tagger written by :func:`train_tagger` (the model file and its ``.json`` file).

    Raises :class:`TaggerError` when a file is missing or unreadable, or when the model was
    trained with another feature set than this mediakit computes (:data:`FEATURES_VERSION`):
    train it again then.

    **Load only model files you trust** (ones you trained, or got from someone you trust):
    the model is read by crfsuite's C code, which does not check it. Before handing it over,
    mediakit checks its header, that every chunk, reference list and string record lies inside
    the file and that every feature names a label and an attribute that exist, and that the
    checksum stored in its settings file matches; that refuses damaged files and the crafted
    ones we know of, but cannot prove that any file is safe.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> data = [(["زار", "الوفد", "صلالة"], ["O", "O", "B-LOC"])] * 5
    >>> model = train_tagger(data, out=pathlib.Path(folder.name) / "m.crfsuite", max_iterations=20)
    >>> tagger = load_tagger(model)
    >>> tagger.tag_tokens(["زار", "الوفد", "صلالة"]), tagger.info["training"]["sentences"]
    (['O', 'O', 'B-LOC'], 5)
    >>> folder.cleanup()
    """
    path = Path(path)
    side = _side_file(path)
    if not path.is_file():
        raise TaggerError(f"{path}: no such model file")
    if not side.is_file():
        raise TaggerError(f"{side}: the model's settings file is missing; train the model again with train_tagger")
    try:
        info = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TaggerError(f"{side}: not valid JSON ({exc})") from None
    if not isinstance(info, dict) or info.get("format") != _FORMAT:
        raise TaggerError(f"{side}: not a mediakit tagger settings file")
    if info.get("features") != FEATURES_VERSION:
        raise TaggerError(
            f"{path}: trained with feature set {info.get('features')!r}, but this mediakit computes feature set "
            f"{FEATURES_VERSION}; train the model again with train_tagger"
        )
    return Tagger(path, info, path.read_bytes())


# ---------------------------------------------------------------------------------------------
# Evaluation

#: The rows of :func:`span_scores`: each type, then micro averages.
SCORE_ROWS = ("PER", "LOC", "ORG", "MISC", "PER+LOC+ORG", "all")


def span_scores(
    gold: Iterable[Iterable[tuple[int, int, str]]], found: Iterable[Iterable[tuple[int, int, str]]]
) -> pd.DataFrame:
    """CoNLL-style scores: an entity counts only when its span and its type are exactly right.

    Parameters
    ----------
    gold, found : iterables of iterables of (first, end, type)
        The true and the predicted entities of each sentence (:func:`bio_spans` gives them),
        sentence for sentence.

    Returns
    -------
    pandas.DataFrame
        Indexed by :data:`SCORE_ROWS` (each type, then micro averages over PER+LOC+ORG and over
        all four), with ``precision``, ``recall``, ``f1``, ``gold``, ``found`` and ``correct``.

    Examples
    --------
    >>> gold = [bio_spans(["B-PER", "I-PER", "O", "B-LOC"])]
    >>> found = [bio_spans(["B-PER", "O", "O", "B-LOC"])]
    >>> span_scores(gold, found).loc[["PER", "LOC", "PER+LOC+ORG"], ["precision", "recall", "f1"]]
                 precision  recall   f1
    type
    PER                0.0     0.0  0.0
    LOC                1.0     1.0  1.0
    PER+LOC+ORG        0.5     0.5  0.5
    """
    counts = {kind: [0, 0, 0] for kind in SCORE_ROWS[:4]}  # gold, found, correct
    for g, f in zip(gold, found, strict=True):
        g, f = set(g), set(f)
        for spans, column in ((g, 0), (f, 1), (g & f, 2)):
            for span in spans:
                if span[2] in counts:
                    counts[span[2]][column] += 1
    counts["PER+LOC+ORG"] = [sum(counts[k][c] for k in ("PER", "LOC", "ORG")) for c in range(3)]
    counts["all"] = [sum(counts[k][c] for k in SCORE_ROWS[:4]) for c in range(3)]
    rows = []
    for kind in SCORE_ROWS:
        n_gold, n_found, right = counts[kind]
        precision = right / n_found if n_found else 0.0
        recall = right / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        rows.append((kind, precision, recall, f1, n_gold, n_found, right))
    columns = ["type", "precision", "recall", "f1", "gold", "found", "correct"]
    return pd.DataFrame(rows, columns=columns).set_index("type")


#: Marks written without a space before them, and after them, when sentences become text.
_NO_SPACE_BEFORE = frozenset(".,،:;؛!?؟)»%")
_NO_SPACE_AFTER = frozenset("(«")


def _raw_spans(tagger: Tagger, sentences: list[Sequence[str]], window: int) -> list[list[tuple[int, int, str]]]:
    """Tag tokenised sentences through the raw-text path: write them out as one text, as news
    is written, tag it with :meth:`Tagger.tag`, and map each mention back to token spans of its
    sentence (a mention that does not start and end on a token boundary of one sentence is
    kept as a span that matches nothing, so it costs precision)."""
    parts: list[str] = []
    where: dict[int, tuple[int, int]] = {}  # character offset of a token's start -> (sentence, token)
    ends: dict[int, tuple[int, int]] = {}  # character offset of a token's end -> (sentence, token + 1)
    length, previous = 0, ""
    for s, tokens in enumerate(sentences):
        for t, token in enumerate(tokens):
            if length and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
                parts.append(" ")
                length += 1
            where[length] = (s, t)
            parts.append(token)
            length += len(token)
            ends[length] = (s, t + 1)
            previous = token
    found: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    for m in tagger.tag("".join(parts), window=window):
        first, last = where.get(m.start), ends.get(m.end)
        if first and last and first[0] == last[0]:
            found[first[0]].append((first[1], last[1], m.type))
        else:  # across sentences or inside a token: it matches no gold span
            found[(first or last or (0,))[0]].append((-1, -1, m.type))
    return found


def evaluate_tagger(
    tagger: Tagger,
    test: str | PathLike | Iterable[tuple[Sequence[str], Sequence[str]]],
    *,
    errors: str = "raise",
    encoding: str = "utf-8",
    window: int = 20,
    raw: bool = False,
) -> pd.DataFrame:
    """Score a tagger on annotated sentences it was not trained on (see :func:`span_scores`).

    Parameters
    ----------
    tagger : Tagger
    test : str, path-like, or iterable of (tokens, tags)
        A CoNLL file (read with :func:`read_conll`) or sentences.
    errors : {"raise", "skip"}, default "raise"
        What to do with bad lines of the file.
    encoding : str, default "utf-8"
        The file's encoding.
    window : int, default 20
        The sentences are tagged together, as :meth:`Tagger.tag_sentences` tags them; 0 tags
        each alone.
    raw : bool, default False
        Score the raw-text path instead, the one :func:`mediakit.find_entities` takes: the
        sentences are written out as news is written (no space before ``. , ، : ؛ ! ؟ ) »``,
        none after ``( «``) and tagged with :meth:`Tagger.tag`, which tokenises and splits
        sentences itself; a mention counts when it covers exactly the tokens of a gold entity.

    Returns
    -------
    pandas.DataFrame
        :func:`span_scores`' table; ``attrs`` holds ``sentences``, ``tokens`` and
        ``tokens_per_second`` (tagging alone).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> data = [(["زار", "الوفد", "صلالة"], ["O", "O", "B-LOC"])] * 5
    >>> tagger = load_tagger(train_tagger(data, out=pathlib.Path(folder.name) / "m.crfsuite"))
    >>> scores = evaluate_tagger(tagger, [(["وصل", "الوفد", "صلالة"], ["O", "O", "B-LOC"])])
    >>> float(scores.loc["LOC", "f1"]), int(scores.loc["all", "gold"])
    (1.0, 1)
    >>> folder.cleanup()
    """
    is_file = isinstance(test, str | PathLike)
    sentences = read_conll(test, errors=errors, encoding=encoding) if is_file else list(test)
    started = time.perf_counter()
    if raw:
        found = _raw_spans(tagger, [tokens for tokens, _ in sentences], window)
    else:
        found = [bio_spans(p) for p in tagger.tag_sentences([tokens for tokens, _ in sentences], window=window)]
    seconds = time.perf_counter() - started
    scores = span_scores((bio_spans(tags) for _, tags in sentences), found)
    tokens = sum(len(t) for t, _ in sentences)
    scores.attrs.update(
        sentences=len(sentences), tokens=tokens, tokens_per_second=tokens / seconds if seconds else float("inf")
    )
    return scores
