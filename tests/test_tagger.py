"""mediakit.tagger: reading CoNLL files, training and loading a CRF tagger, offsets, and its use by find_entities."""

from __future__ import annotations

import hashlib
import itertools
import json
import pickle
import re
import shutil
import subprocess
import sys
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediakit as mk
from mediakit.arabic import normalize
from mediakit.cli import main
from mediakit.report import default_notebooks
from mediakit.tagger import (
    TaggerError,
    TaggerWarning,
    bio_spans,
    load_tagger,
    read_conll,
    tokenize_spans,
    train_tagger,
    word_clusters,
)
from tests.conftest import SHARED

ANERCORP = SHARED / "anercorp" / "ANERcorp_train.txt"
TRAIN, HELD = slice(0, 1200), slice(3000, 3300)  # sentences of ANERcorp_train.txt
MAIN = ("PER", "LOC", "ORG")


@pytest.fixture(scope="module")
def anercorp():
    if not ANERCORP.is_file():
        pytest.skip(f"ANERcorp not present at {ANERCORP}")
    return read_conll(ANERCORP)


@pytest.fixture(scope="module")
def model(anercorp, tmp_path_factory):
    pytest.importorskip("pycrfsuite", reason='python-crfsuite is not installed (pip install "mediakit[tagger]")')
    return train_tagger(anercorp[TRAIN], out=tmp_path_factory.mktemp("tagger") / "small.crfsuite", max_iterations=30)


@pytest.fixture(scope="module")
def tagger(model):
    return load_tagger(model)


@pytest.fixture(scope="module")
def ant_slice(ant_articles):
    return ant_articles.iloc[::50].head(150).reset_index(drop=True)


def micro_f1(gold: list[set], found: list[set]) -> float:
    right = sum(len(g & f) for g, f in zip(gold, found, strict=True))
    precision = right / max(sum(map(len, found)), 1)
    recall = right / max(sum(map(len, gold)), 1)
    return 2 * precision * recall / (precision + recall) if right else 0.0


# ---------------------------------------------------------------------------------------------
# CoNLL files


def test_read_conll_takes_the_last_field_as_the_tag(tmp_path):
    path = tmp_path / "quirks.txt"
    lines = ["\ufeffفرانكفورت B-LOC", "(د O", "مدريد  B-LOC", ". Oالإصابة O", "", "", "برند B-PERS", "جوتشولك\tI-PERS"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_conll(path) == [
        (["فرانكفورت", "(د", "مدريد", ". Oالإصابة"], ["B-LOC", "O", "B-LOC", "O"]),
        (["برند", "جوتشولك"], ["B-PER", "I-PER"]),
    ]


def test_bad_conll_lines_are_named_or_skipped_and_counted(tmp_path):
    bad_tag = tmp_path / "bad_tag.txt"
    bad_tag.write_text("زار O\nالرئيس O\nبغداد B-CITY\n", encoding="utf-8")
    with pytest.raises(TaggerError, match=r"bad_tag\.txt, line 3: tag 'B-CITY' is not .*'بغداد B-CITY'"):
        read_conll(bad_tag)
    no_tag = tmp_path / "no_tag.txt"
    no_tag.write_text("زار O\nالرئيس\n\nB-LOC\nقال O\n", encoding="utf-8")
    with pytest.raises(TaggerError, match=r"no_tag\.txt, line 2: no tag: 'الرئيس'"):
        read_conll(no_tag)
    with pytest.warns(TaggerWarning, match=r"skipped 2 bad lines \(the first: .*line 2: no tag"):
        assert read_conll(no_tag, errors="skip") == [(["زار"], ["O"]), (["قال"], ["O"])]
    with pytest.raises(TaggerError, match="no such file"):
        read_conll(tmp_path / "missing.txt")


def test_bio_spans_follow_conll_rules():
    assert bio_spans(["O", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "I-PER", "O"]) == [
        (1, 4, "ORG"),
        (4, 5, "ORG"),
        (5, 6, "PER"),
    ]
    assert bio_spans([]) == []


# ---------------------------------------------------------------------------------------------
# Raw text


def test_tokens_keep_their_offsets_through_diacritics_tatweel_and_marks():
    text = "قالَ الرئيـــس\u200f «محمّد بن سلمان»، (الخميس): إنّ\u200fالنمو ٣٫٥٪ و2.5 في\u00a0المئة عام 2025.؟!"
    spans = tokenize_spans(text)
    assert all(text[start:end] == token for token, start, end in spans)
    assert [t for t, _, _ in spans] == [
        "قالَ",
        "الرئيـــس",
        "«",
        "محمّد",
        "بن",
        "سلمان",
        "»",
        "،",
        "(",
        "الخميس",
        ")",
        ":",
        "إنّ\u200fالنمو",  # an invisible mark inside a word stays in it
        "٣٫٥",
        "٪",
        "و2.5",
        "في",
        "المئة",
        "عام",
        "2025",
        ".",
        "؟",
        "!",
    ]


# ---------------------------------------------------------------------------------------------
# A small model trained on ANERcorp


def test_tagger_finds_far_more_than_the_catalog_alone(anercorp, tagger):
    held = anercorp[HELD]
    gold = [{s for s in bio_spans(tags) if s[2] in MAIN} for _, tags in held]
    found = [{s for s in bio_spans(tagger.tag_tokens(tokens)) if s[2] in MAIN} for tokens, _ in held]
    catalog = mk.EntityCatalog.default()
    by_catalog = []
    for tokens, _ in held:
        starts, pos = {}, 0
        for i, token in enumerate(tokens):
            starts[pos], pos = i, pos + len(token) + 1
        ends = {start + len(tokens[i]): i + 1 for start, i in starts.items()}
        mentions = mk.tag_entities(" ".join(tokens), catalog=catalog)
        aligned = [m for m in mentions if m.start in starts and m.end in ends and m.type in MAIN]
        by_catalog.append({(starts[m.start], ends[m.end], m.type) for m in aligned})
    tagger_f1, catalog_f1 = micro_f1(gold, found), micro_f1(gold, by_catalog)
    assert tagger_f1 > catalog_f1 + 0.08 and tagger_f1 > 0.65, (tagger_f1, catalog_f1)
    recall = [sum(len(g & f) for g, f in zip(gold, x, strict=True)) for x in (found, by_catalog)]
    assert recall[0] > 1.3 * recall[1]  # the tagger finds 30% more entities at least


def test_the_document_pass_finds_names_the_sentence_alone_misses(anercorp, tagger):
    held = anercorp[HELD]
    alone = tagger.tag_sentences([tokens for tokens, _ in held], window=0)
    together = tagger.tag_sentences([tokens for tokens, _ in held])
    assert alone == [tagger.tag_tokens(tokens) for tokens, _ in held]
    changed = [(a, b) for s, t in zip(alone, together, strict=True) for a, b in zip(s, t, strict=True) if a != b]
    assert changed and all(a == "O" for a, _ in changed)  # it only adds
    before, after = (mk.evaluate_tagger(tagger, held, window=w) for w in (0, 20))
    assert after.loc["PER", "correct"] > before.loc["PER", "correct"]
    assert after.loc["PER+LOC+ORG", "f1"] > before.loc["PER+LOC+ORG", "f1"]


def test_mentions_index_the_original_text(anercorp, tagger):
    tokens = next(t for t, tags in anercorp[HELD] if len(bio_spans(tags)) >= 3 and len(t) < 40)
    plain = " ".join(tokens)
    # the same sentence as scraped text: diacritics, tatweel, invisible marks, no-break spaces
    decorated = " ".join(t[0] + "\u064e" + t[1:] if len(t) > 2 and t.isalpha() else t for t in tokens)
    decorated = decorated.replace(" ", "\u00a0", 3).replace("ا", "ـا", 2) + "\u200f"
    expected = [(m.type, m.entity) for m in tagger.tag(plain)]
    found = tagger.tag(decorated)
    assert expected and [(m.type, m.entity) for m in found] == expected  # features see normalised words
    starts = {start for _, start, _ in tokenize_spans(decorated)}
    ends = {end for _, _, end in tokenize_spans(decorated)}
    for m in found:
        assert normalize(decorated[m.start : m.end]) == m.entity and m.alias == "tagger" and m.type in mk.entities.TYPES
        assert m.start in starts and m.end in ends  # whole tokens
    assert any(decorated[m.start : m.end] != m.entity for m in found)  # the text as written, marks and all
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_loading_again_gives_the_same_tags(anercorp, model, tagger, tmp_path):
    again = load_tagger(model)
    for tokens, _ in anercorp[HELD][:50]:
        assert again.tag_tokens(tokens) == tagger.tag_tokens(tokens)
    assert again.tag_tokens([]) == [] and again.tag("") == []
    assert again.info["training"]["sentences"] == TRAIN.stop
    # the settings file must be there and match this feature set
    copy = tmp_path / "copy.crfsuite"
    shutil.copy(model, copy)
    with pytest.raises(TaggerError, match=r"copy\.crfsuite\.json: the model's settings file is missing"):
        load_tagger(copy)
    info = json.loads((model.parent / (model.name + ".json")).read_text(encoding="utf-8"))
    info["features"] = 0
    (tmp_path / "copy.crfsuite.json").write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(TaggerError, match=r"trained with feature set 0, .* train the model again"):
        load_tagger(copy)
    with pytest.raises(TaggerError, match="no such model file"):
        load_tagger(tmp_path / "missing.crfsuite")


def test_a_damaged_model_file_is_refused_not_crashed_on(model, tmp_path):
    data = model.read_bytes()
    side = model.parent / (model.name + ".json")
    for name, damaged in [("truncated", data[: len(data) // 3]), ("noise", b"lCRF" + bytes(range(256)) * 8)]:
        path = tmp_path / f"{name}.crfsuite"
        path.write_bytes(damaged)
        shutil.copy(side, tmp_path / f"{name}.crfsuite.json")
        with pytest.raises(TaggerError, match=rf"{name}\.crfsuite: not a complete crfsuite model"):
            load_tagger(path)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF  # same size, one byte changed
    (tmp_path / "flipped.crfsuite").write_bytes(bytes(flipped))
    shutil.copy(side, tmp_path / "flipped.crfsuite.json")
    with pytest.raises(TaggerError, match=r"flipped\.crfsuite: the model file differs from the one its settings"):
        load_tagger(tmp_path / "flipped.crfsuite")


def _crafted(data: bytes, change) -> bytes:
    """The model with one structure changed in place (its checksum is updated by the caller)."""
    import struct

    model = bytearray(data)
    head = struct.unpack_from("<4sI4sIIIIIIIII", model)
    change(model, dict(zip(["features", "labels", "attrs", "labelrefs", "attrrefs"], head[7:], strict=True)))
    return bytes(model)


CRAFTED = {
    # a feature naming an attribute far past the last one
    "feature": lambda m, off: m.__setitem__(slice(off["features"] + 16, off["features"] + 20), b"\xf0\xff\xff\xff"),
    # the first attribute's reference list placed past the end of the file
    "refs": lambda m, off: m.__setitem__(slice(off["attrrefs"] + 12, off["attrrefs"] + 16), b"\xff\xff\xff\x7f"),
    # the attribute database's index moved out of it
    "index": lambda m, off: m.__setitem__(slice(off["attrs"] + 20, off["attrs"] + 24), b"\xff\xff\xff\x0f"),
    # the chunk offset of the features past the end of the file
    "offset": lambda m, off: m.__setitem__(slice(28, 32), b"\xff\xff\xff\x0f"),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_model_with_a_matching_checksum_is_refused_in_a_subprocess(model, tmp_path, name):
    info = json.loads((model.parent / (model.name + ".json")).read_text(encoding="utf-8"))
    crafted = _crafted(model.read_bytes(), CRAFTED[name])
    path = tmp_path / f"{name}.crfsuite"
    path.write_bytes(crafted)
    info["model_sha256"] = hashlib.sha256(crafted).hexdigest()  # the settings file agrees with it
    (tmp_path / f"{name}.crfsuite.json").write_text(json.dumps(info), encoding="utf-8")
    code = f"from mediakit.tagger import load_tagger; load_tagger({str(path)!r}).tag('قال الرئيس في بغداد')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])  # an error, not a crash or a hang
    assert "TaggerError" in done.stderr and f"{name}.crfsuite: " in done.stderr


def test_find_entities_with_a_tagger_keeps_catalog_names(tagger):
    df = pd.DataFrame(
        {
            "id": ["a", "b"],
            "text": [
                "وقال الرئيس الأمريكي جورج بوش في واشنطن إن أمريكا لن تنسحب من العراق .",
                "وأعلن اتحاد صناعة السيارات في ألمانيا أن المستشار جيرهارد شرودر زار فرانكفورت أمس .",
            ],
        }
    )
    before = df.copy(deep=True)
    plain = mk.find_entities(df, progress=False)
    both = mk.find_entities(df, tagger=tagger, progress=False)
    pd.testing.assert_frame_equal(df, before)
    assert both.columns.tolist() == plain.columns.tolist()
    from_catalog = both[both["alias"] != "tagger"].reset_index(drop=True)
    pd.testing.assert_frame_equal(from_catalog, plain)  # catalog mentions unchanged, canonical names kept
    assert "الولايات المتحدة" in set(both["entity"]) and "امريكا" not in set(both["entity"])
    added = both[both["alias"] == "tagger"]
    assert len(added) > 0
    for _, rows in both.groupby("id", sort=False):
        spans = list(zip(rows["start"], rows["end"], strict=True))
        assert spans == sorted(spans)
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))  # no overlaps
    one = [(m.start, m.end, m.entity, m.alias) for m in mk.tag_entities(df["text"][1], tagger=tagger)]
    rows = both[both["id"] == "b"]
    assert one == list(zip(rows["start"], rows["end"], rows["entity"], rows["alias"], strict=True))


def test_train_tagger_checks_its_input(tmp_path):
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is not installed")
    no_tag = tmp_path / "no_tag.txt"
    no_tag.write_text("زار O\nالرئيس\n", encoding="utf-8")
    with pytest.raises(TaggerError, match=r"no_tag\.txt, line 2: no tag"):  # files are read as read_conll reads
        train_tagger(no_tag, out=tmp_path / "never.crfsuite")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TaggerWarning)
        with pytest.raises(TaggerError, match="max_iterations=0"):
            train_tagger(no_tag, out=tmp_path / "never.crfsuite", errors="skip", max_iterations=0)
    assert not (tmp_path / "never.crfsuite").exists()
    with pytest.raises(TaggerError, match="sentence 2: 2 tokens but 1 tags"):
        train_tagger([(["زار"], ["O"]), (["زار", "بغداد"], ["O"])], out=tmp_path / "m.crfsuite")
    with pytest.raises(TaggerError, match="tag 'B-PERSON'"):
        train_tagger([(["سالم"], ["B-PERSON"])], out=tmp_path / "m.crfsuite")
    with pytest.raises(TaggerError, match="no sentences"):
        train_tagger([], out=tmp_path / "m.crfsuite")


def test_clusters_from_unlabelled_text_travel_with_the_model(tmp_path):
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is not installed")
    texts = mk.load_sample()["text"]
    options = {"sizes": (8, 32), "min_count": 3, "dimensions": 16, "progress": False}
    clusters = word_clusters(texts, **options)
    assert clusters == word_clusters(texts, **options)  # deterministic
    assert all(len(path) == 2 and 0 <= path[0] < 8 and 0 <= path[1] < 32 for path in clusters.values())
    assert "العراق" in clusters and "في" in clusters
    sentence = ["قال", "الوزير", "سالم", "الحارثي", "في", "العراق", "."]
    data = [(sentence, ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"])] * 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = train_tagger(data, out=tmp_path / "c.crfsuite", clusters=clusters, max_iterations=10)
    loaded = load_tagger(model)
    assert loaded.clusters["العراق"] == clusters["العراق"]
    assert loaded.tag_tokens(sentence) == data[0][1]


# ---------------------------------------------------------------------------------------------
# Entity names, pickling, Dask


def test_tagger_only_names_lose_their_proclitics_but_names_keep_their_letters(tagger):
    assert tagger.entity_name("وبالعراق") == "العراق"  # a chain before the article
    assert tagger.entity_name("للجيش اللبناني") == "الجيش اللبناني"  # ل + ال written لل
    assert tagger.entity_name("ومحمّد") == "محمد"  # محمد is a name of the training data, ومحمد is not
    for name in ("وليد", "بغداد", "لندن", "فرنسا", "كركوك"):  # their first letter is not a proclitic
        assert tagger.entity_name(name) == name


def test_tagger_mentions_on_real_news_are_named_without_proclitics(tagger, ant_slice):
    texts = ant_slice["text"].head(150)
    stripped = 0
    for text in texts:
        for m in tagger.tag(text):
            surface = " ".join(normalize(text[m.start : m.end]).split())
            assert surface.endswith(m.entity[1:]) and len(m.entity) <= len(surface)
            if m.entity != surface:
                stripped += 1
                assert surface[0] in "وفبكل", (surface, m.entity)
                assert not m.entity.startswith(("وال", "بال", "فال", "كال")), m.entity
    assert stripped > 0


def test_a_pickled_tagger_tags_the_same(anercorp, tagger):
    again = pickle.loads(pickle.dumps(tagger))
    assert again.path == tagger.path and again.info == tagger.info
    for tokens, _ in anercorp[HELD][:40]:
        assert again.tag_tokens(tokens) == tagger.tag_tokens(tokens)


def test_find_entities_with_a_tagger_on_dask_workers(tagger, ant_slice):
    distributed = pytest.importorskip("distributed")
    dd = pytest.importorskip("dask.dataframe")
    df = ant_slice.head(120)
    expected = mk.find_entities(df, tagger=tagger, progress=False)
    assert (expected["alias"] == "tagger").sum() > 50
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        found = mk.find_entities(dd.from_pandas(df, npartitions=4), tagger=tagger)
    pd.testing.assert_frame_equal(found, expected)


# ---------------------------------------------------------------------------------------------
# Scores and the command line


def test_span_scores_count_exact_spans_only():
    gold = [[(0, 2, "PER"), (3, 4, "LOC")], [(1, 3, "ORG"), (4, 5, "MISC")]]
    found = [[(0, 2, "PER"), (3, 4, "ORG")], [(1, 2, "ORG"), (4, 5, "MISC")]]
    scores = mk.tagger.span_scores(gold, found)
    assert scores.loc["PER", ["gold", "found", "correct"]].tolist() == [1, 1, 1]
    assert scores.loc["ORG", ["gold", "found", "correct"]].tolist() == [1, 2, 0]  # wrong type, short span
    assert scores.loc["PER+LOC+ORG", ["gold", "found", "correct"]].tolist() == [3, 3, 1]
    assert scores.loc["all", "f1"] == pytest.approx(0.5)
    assert scores.loc["LOC", "precision"] == 0.0 and scores.loc["LOC", "recall"] == 0.0


def write_conll(path, sentences):
    path.write_text("".join("".join(f"{w} {t}\n" for w, t in zip(*s, strict=True)) + "\n" for s in sentences), "utf-8")
    return path


def test_cli_trains_and_evaluates_a_tagger(anercorp, tmp_path, capsys):
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is not installed")
    train = write_conll(tmp_path / "train.txt", anercorp[:500])
    test = write_conll(tmp_path / "test.txt", anercorp[HELD])
    model = tmp_path / "models" / "news.crfsuite"
    args = ["ner-train", str(train), "--out", str(model), "--iterations", "25", "--quiet"]
    assert main([*args, "--unlabelled", str(mk.sample_path())]) == 0
    out = capsys.readouterr().out
    assert f"{model}: trained on 500 sentences" in out and "B-PER" in out
    assert load_tagger(model).clusters  # learnt from the demo corpus
    assert main(["ner-eval", "--model", str(model), "--test", str(test)]) == 0
    out = capsys.readouterr().out
    scores = mk.evaluate_tagger(load_tagger(model), test)
    micro = next(line for line in out.splitlines() if line.startswith("PER+LOC+ORG"))
    assert micro.split()[1:4] == [f"{scores.loc['PER+LOC+ORG', c]:.3f}" for c in ("precision", "recall", "f1")]
    assert scores.loc["PER+LOC+ORG", "f1"] > 0.5 and scores.attrs["sentences"] == HELD.stop - HELD.start
    # a bad line stops training with its line number, unless it is skipped
    with test.open("a", encoding="utf-8") as f:
        f.write("بغداد B-CITY\n")
    assert main(["ner-eval", "--model", str(model), "--test", str(test)]) == 1
    assert f"line {test.read_text(encoding='utf-8').count(chr(10))}: tag 'B-CITY'" in capsys.readouterr().err
    assert main(["ner-eval", "--model", str(model), "--test", str(test), "--skip-bad-lines"]) == 0
    err = capsys.readouterr().err  # the warning, as the command's own message
    assert re.search(r"mediakit ner-eval: .*test\.txt: skipped 1 bad lines \(the first: .*tag 'B-CITY'", err), err
    assert main(["ner-eval", "--model", str(tmp_path / "none.crfsuite"), "--test", str(test)]) == 1
    assert "no such model file" in capsys.readouterr().err


def test_the_entities_notebook_uses_a_trained_tagger(model, tmp_path):
    notebook = next(p for p in default_notebooks() if p.name == "03-entities.ipynb")
    pages = mk.render_notebooks(
        [notebook], output_dir=tmp_path, parameters={"tagger": str(model)}, hide_code=True, progress=False
    )
    marked = mk.deduplicate(mk.clean_articles(mk.load_sample()), progress=False)
    unique = marked[marked["duplicate_of"].isna()]
    with_tagger = mk.find_entities(unique, tagger=load_tagger(model), progress=False)
    catalog_only = mk.find_entities(unique, progress=False)
    assert len(with_tagger) > len(catalog_only)
    summary = f"{len(with_tagger):,} mentions of {with_tagger['entity'].nunique()} entities in {len(unique)} articles"
    assert summary in pages[0].read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Encodings and odd Unicode


def test_conll_in_windows_1256_is_named_and_read_with_its_encoding(tmp_path):
    path = tmp_path / "cp1256.txt"
    path.write_bytes("-DOCSTART- O\n\nزار O\nبغداد B-LOC\n\nقال O\nسالم B-PERS\n".encode("cp1256"))
    with pytest.raises(TaggerError, match=r"cp1256\.txt, line 3: not utf-8 text: .*encoding='cp1256'"):
        read_conll(path)
    assert read_conll(path, encoding="cp1256") == [
        (["زار", "بغداد"], ["O", "B-LOC"]),
        (["قال", "سالم"], ["O", "B-PER"]),
    ]
    with pytest.raises(TaggerError, match="unknown encoding 'arabic-9'"):
        read_conll(path, encoding="arabic-9")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is not installed")
    sentences = [
        (["قال", "الوزير", "سالم", "الحارثي", "في", "صلالة", "."], ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"]),
        (["وزار", "وفد", "من", "شركة", "نفط", "عمان", "مسقط"], ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "B-LOC"]),
    ] * 4
    return load_tagger(train_tagger(sentences, out=tmp_path_factory.mktemp("tiny") / "t.crfsuite", max_iterations=15))


ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.text(
    alphabet=st.sampled_from("ابتسصلمنهويءأإةى الوزير سالم صلالة\u064e\u0651\u0640\u200f\u200b\ufeff\u00a0\n.،؟«»٣٫0-"),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(text=ODD_TEXT)
def test_any_text_is_tokenised_and_tagged_within_its_bounds(tiny, text):
    spans = tokenize_spans(text)
    assert all(text[start:end] == token and token.strip() for token, start, end in spans)
    assert all(a[2] <= b[1] for a, b in itertools.pairwise(spans))
    mentions = tiny.tag(text)
    assert all(0 <= m.start < m.end <= len(text) and m.alias == "tagger" for m in mentions)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))
    assert all(m.entity == " ".join(m.entity.split()) for m in mentions)


def test_raw_text_scores_as_well_as_the_tokenised_sentences(anercorp, tagger):
    held = anercorp[HELD]
    tokens = mk.evaluate_tagger(tagger, held)
    raw = mk.evaluate_tagger(tagger, held, raw=True)
    # written out as news is (punctuation attached), tokenised and split into sentences again
    assert raw.loc["PER+LOC+ORG", "gold"] == tokens.loc["PER+LOC+ORG", "gold"] > 300
    assert raw.loc["PER+LOC+ORG", "f1"] >= tokens.loc["PER+LOC+ORG", "f1"] - 0.005
    assert raw.loc["all", "found"] == pytest.approx(tokens.loc["all", "found"], rel=0.01)
