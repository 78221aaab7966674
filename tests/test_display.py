"""Arabic that reads right: pixel comparisons against known-correct renderings, both paths, both renderers."""

from __future__ import annotations

import arabic_reshaper
import matplotlib
import numpy as np
import pytest
from bidi import get_display
from PIL import Image, ImageDraw, ImageFont, features

import mediakit as mk
from mediakit import display

matplotlib.use("Agg")

WORDS = ["لا سلام", "العِراقُ", "مصر 2025", "الأمم المتحدة", "حلف الناتو NATO"]
KEEP_MARKS = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def ink(image: np.ndarray) -> np.ndarray:
    """The inked pixels, cropped to their bounding box."""
    mask = image < 128
    ys, xs = np.nonzero(mask)
    return mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def similarity(a: np.ndarray, b: np.ndarray, block: int = 4) -> float:
    """Intersection over union of two ink masks aligned at their top right (Arabic starts there),
    in blocks of ``block`` pixels, so that a kerning difference of a pixel or two does not count."""
    h, w = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    h, w = -(-h // block) * block, -(-w // block) * block
    pa, pb = np.zeros((h, w), bool), np.zeros((h, w), bool)
    pa[: a.shape[0], w - a.shape[1] :] = a
    pb[: b.shape[0], w - b.shape[1] :] = b
    ba = pa.reshape(h // block, block, w // block, block).any(axis=(1, 3))
    bb = pb.reshape(h // block, block, w // block, block).any(axis=(1, 3))
    return (ba & bb).sum() / (ba | bb).sum()


def pillow(text: str, engine) -> np.ndarray:
    font = ImageFont.truetype(str(mk.arabic_font()), 64, layout_engine=engine)
    image = Image.new("L", (1100, 160), 255)
    ImageDraw.Draw(image).text((20, 20), text, font=font, fill=0)
    return ink(np.array(image))


@pytest.fixture
def forced():
    yield display.force
    display.force(None)


def test_this_stack_has_shaping_engines():
    # the PyPI wheels bring libraqm for Pillow and matplotlib >= 3.11; the tests below need both
    assert features.check("raqm")
    assert display.renderer_shapes("pillow") and display.renderer_shapes("matplotlib")


@pytest.mark.parametrize("word", WORDS)
def test_pillow_with_shaping_engine(word):
    raqm = ImageFont.Layout.RAQM
    mine = pillow(mk.display_text(word, renderer="pillow"), raqm)
    # known-correct for an engine that shapes: logical order (presentation forms change nothing)
    reference = pillow(KEEP_MARKS.reshape(word), raqm)
    wrong = pillow(get_display(KEEP_MARKS.reshape(word)), raqm)  # the tutorials' recipe
    right, bad = similarity(mine, reference), similarity(mine, wrong)
    assert right > 0.75 and right - bad > 0.2, (right, bad)


@pytest.mark.parametrize("word", WORDS)
def test_pillow_without_shaping_engine(word, forced):
    forced("shape")  # as on a Pillow built without raqm
    basic = ImageFont.Layout.BASIC
    mine = pillow(mk.display_text(word, renderer="pillow"), basic)
    # known-correct, made by the engine that shapes, of the same word (the basic engine cannot
    # place diacritics, so they are left out on this path)
    reference = pillow(
        KEEP_MARKS.reshape(mk.arabic.normalize(word, profile="display").translate(NO_MARKS)), ImageFont.Layout.RAQM
    )
    wrong = pillow(word, basic)  # plain text on a stack that does not shape: disjoint, left to right
    assert similarity(mine, reference) > 0.75
    assert similarity(wrong, reference) < 0.3


NO_MARKS = {cp: None for cp in range(0x064B, 0x0660)}


def matplotlib_render(text: str) -> np.ndarray:
    import matplotlib.pyplot as plt

    mk.use_arabic_font()
    fig = plt.figure(figsize=(8, 1.2), dpi=100)
    fig.text(0.02, 0.3, text, fontsize=36, fontfamily="Noto Sans Arabic")
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3].mean(axis=2)
    plt.close(fig)
    return ink(image)


@pytest.mark.parametrize("word", WORDS)
def test_matplotlib_labels(word):
    mine = matplotlib_render(mk.display_text(word))
    reference = matplotlib_render(KEEP_MARKS.reshape(word))
    wrong = matplotlib_render(get_display(KEEP_MARKS.reshape(word)))
    right, bad = similarity(mine, reference), similarity(mine, wrong)
    assert right > 0.75 and right - bad > 0.2, (right, bad)


def test_override_and_environment(forced, monkeypatch):
    word = "العراق"
    assert mk.display_text(word) == word
    forced("shape")
    assert mk.display_text(word) == get_display(arabic_reshaper.reshape(word))
    forced("plain")
    assert mk.display_text(word) == word
    forced(None)
    monkeypatch.setenv("MEDIAKIT_ARABIC_SHAPING", "shape")
    assert mk.display_text(word, renderer="pillow") != word
    assert mk.display_text("NATO 2025", renderer="pillow") == "NATO 2025"  # nothing Arabic: untouched
    with pytest.raises(ValueError, match="mode must be"):
        forced("auto")
    with pytest.raises(ValueError, match="renderer must be one of"):
        mk.display_text(word, renderer="cairo")


def test_fonts():
    assert mk.arabic_font().name.startswith("NotoSansArabic")
    assert mk.arabic_font("naskh").name == "Amiri-Regular.ttf"
    assert mk.use_arabic_font() == "Noto Sans Arabic"
    assert matplotlib.rcParams["font.sans-serif"][:2] == ["Noto Sans Arabic", "DejaVu Sans"]
    with pytest.raises(ValueError, match="style must be"):
        mk.arabic_font("kufi")


def test_missing_fonts_name_what_to_install(monkeypatch):
    # simulate a machine where neither the font packages nor a system Arabic font are installed
    import importlib

    from matplotlib import font_manager

    real_import = importlib.import_module

    def no_font_packages(name, *args):
        if name.startswith("fontpkg_"):
            raise ImportError(name)
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_font_packages)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    display.arabic_font.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="pip install fontpkg-amiri"):
            display.arabic_font("naskh")
    finally:
        monkeypatch.undo()
        display.arabic_font.cache_clear()
    assert display.arabic_font("naskh").name == "Amiri-Regular.ttf"
