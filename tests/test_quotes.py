"""Quotations and speakers (mediakit/quotes.py)."""

from pathlib import Path

import pandas as pd
import pytest

from mediakit.entities import EntityCatalog
from mediakit.quotes import QUOTE_COLUMNS, evaluate_quotes, quote_spans, quotes
from mediakit.voices import plot_voices, voices

WHEN = pd.Timestamp("2018-05-02 09:00", tz="UTC")
#: Every set is labelled by reading ANT articles whole, without running the rules, after
#: ``tests/data/quotes_labelling.md``. The rules were tuned on these four: 41 articles, 40
#: more, 40 held out when first measured, and 40 held out until the rules of the round that
#: relabelled the sets were final (0.743 / 0.663 / 0.934 then).
LABELLED = Path(__file__).parent / "data" / "quotes_labelled.tsv"
LABELLED2 = Path(__file__).parent / "data" / "quotes_labelled2.tsv"
LABELLED3 = Path(__file__).parent / "data" / "quotes_labelled3.tsv"
LABELLED4 = Path(__file__).parent / "data" / "quotes_labelled4.tsv"
#: Held out: never used to tune the rules. Rows of -1 mark articles read that hold no speech
#: instance.
HELDOUT3 = Path(__file__).parent / "data" / "quotes_heldout3.tsv"
HELDOUT4 = Path(__file__).parent / "data" / "quotes_heldout4.tsv"
HELDOUT5 = Path(__file__).parent / "data" / "quotes_heldout5.tsv"
HELDOUT6 = Path(__file__).parent / "data" / "quotes_heldout6.tsv"
HELDOUTS = (HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6)
SETS = (LABELLED, LABELLED2, LABELLED3, LABELLED4, *HELDOUTS)


def frame(*texts: str, source: str = "سكاي") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(texts))],
            "source": source,
            "published": WHEN,
            "text": list(texts),
        }
    )


def one(text: str, **kwargs) -> dict:
    found = quotes(frame(text), progress=False, **kwargs)
    assert len(found) == 1, found
    return found.iloc[0].to_dict()


def spans(text: str) -> list[tuple[str, str, str]]:
    return [
        (
            q.verb,
            text[q.speaker_start : q.speaker_end] if q.speaker_start >= 0 else "",
            text[q.quote_start : q.quote_end],
        )
        for q in quote_spans(text)
    ]


def test_columns_and_offsets_index_the_original_text():
    text = "وقال وزير الخارجية الأمريكي جون كيري إن المفاوضات مع إيران مستمرة."
    found = quotes(frame(text), progress=False)
    assert list(found.columns) == QUOTE_COLUMNS
    row = found.iloc[0]
    assert text[row.quote_start : row.quote_end] == row.quote == "المفاوضات مع إيران مستمرة"
    assert text[row.speaker_start : row.speaker_end] == "وزير الخارجية الأمريكي جون كيري"


def test_a_catalog_person_in_the_phrase_is_the_speaker_and_the_title_its_role():
    row = one("وقال وزير الخارجية الأمريكي جون كيري إن المفاوضات مستمرة.")
    assert (row["speaker"], row["speaker_type"], row["role"], row["verb"]) == (
        "جون كيري",
        "entity",
        "وزير الخارجية الأمريكي",
        "قال",
    )


def test_a_role_alone_is_a_role():
    row = one("وأكد المتحدث باسم الخارجية أن الوفد سيصل غدا إلى جنيف.")
    assert (row["speaker"], row["speaker_type"], row["verb"]) == ("المتحدث باسم الخارجية", "role", "أكد")
    assert row["quote"] == "الوفد سيصل غدا إلى جنيف"


def test_a_name_outside_the_catalog_is_the_written_phrase():
    row = one("وقال سالم الحارثي إن الأسعار ارتفعت هذا الشهر.")
    assert (row["speaker"], row["speaker_type"]) == ("سالم الحارثي", "unresolved")


def test_a_tagger_names_the_speaker_the_catalog_lacks(tmp_path):
    from mediakit.tagger import load_tagger, train_tagger

    sentence = ["قال", "الوزير", "سالم", "الحارثي", "إن", "الوفد", "وصل"]
    labels = ["O", "O", "B-PER", "I-PER", "O", "O", "O"]
    model = train_tagger([(sentence, labels)] * 8, out=tmp_path / "tiny.crfsuite", max_iterations=20, progress=False)
    row = one("وقال الوزير سالم الحارثي إن الوفد وصل.", tagger=load_tagger(model))
    assert (row["speaker"], row["speaker_type"], row["role"]) == ("سالم الحارثي", "name", "الوزير")


def test_verb_forms_clitics_tense_gender_and_diacritics():
    texts = {
        "وقالت الوزيرة هند صبري إن الخطة جاهزة.": "قال",
        "فأكدت الشركة أن الأرباح تضاعفت.": "أكد",
        "ويقول مسؤولون إن المحادثات تعثرت.": "قال",
        "وتقول المنظمة إن آلاف المدنيين نزحوا.": "قال",
        "وأكّد الناطق باسم الجيش أنّ القوات تقدمت.": "أكد",
        "وصرّح مدير المرصد بأن القصف توقف.": "صرح",
        "وأشار التقرير إلى أن النمو تباطأ.": "أشار",
    }
    for text, lemma in texts.items():
        found = spans(text)
        assert [v for v, _, _ in found] == [lemma], text


def test_odd_spellings_of_the_verb_are_found_whole():
    texts = {
        "\ufeed\ufed7\ufe8e\ufedd الوزير إن الوفد وصل.": "قال",  # presentation forms (copied from a PDF)
        "\u064fوقال الوزير إن الوفد وصل.": "قال",  # a stray diacritic before the word
        "وقـــال الوزير إن الوفد وصل.": "قال",  # tatweel
        "و\u200fقال الوزير إن الوفد وصل.": "قال",  # a direction mark inside the word
    }
    for text, lemma in texts.items():
        assert spans(text) == [(lemma, "الوزير", "الوفد وصل")], ascii(text)
    assert spans("وانتقال الوزير إلى المطار أن يتأخر.") == []  # قال inside another word


def test_direct_speech_between_quotation_marks_after_a_colon():
    assert spans('وقال رئيس البعثة: "ما شهدناه كان انتخابات تنافسية".') == [
        ("قال", "رئيس البعثة", "ما شهدناه كان انتخابات تنافسية")
    ]
    assert spans("وأضافت ميركل «علينا أن نعمل من أجل حل الدولتين».") == [
        ("أضاف", "ميركل", "علينا أن نعمل من أجل حل الدولتين")
    ]
    assert spans("وقال الرئيس “لن نتراجع عن القرار”.") == [("قال", "الرئيس", "لن نتراجع عن القرار")]


def test_a_quotation_before_the_verb():
    assert spans("«لن نسمح بتكرار ما حدث»، قال قائد الشرطة للصحفيين.") == [
        ("قال", "قائد الشرطة", "لن نسمح بتكرار ما حدث")
    ]


def test_the_subject_before_the_verb():
    assert spans("لكن إدارة الموقع قالت إن المقاطع تنتهك قواعدها.") == [
        ("قال", "إدارة الموقع", "المقاطع تنتهك قواعدها")
    ]


def test_attributions_bihasab_wafqan_naqlan_an():
    assert spans("ارتفع عدد القتلى إلى 40، بحسب وزارة الصحة.") == [("بحسب", "وزارة الصحة", "ارتفع عدد القتلى إلى 40")]
    assert spans("ووفقا لمنظمة الصحة العالمية، فإن المرض ينتشر بسرعة.") == [
        ("وفقا", "منظمة الصحة العالمية", "المرض ينتشر بسرعة")
    ]
    assert spans("وصل الوفد إلى الدوحة مساء أمس، نقلا عن وكالة الأنباء القطرية.") == [
        ("نقلا", "وكالة الأنباء القطرية", "وصل الوفد إلى الدوحة مساء أمس")
    ]
    assert spans('"الوضع تحت السيطرة"، بحسب ما نقلت وكالة رويترز.') == [("بحسب", "وكالة رويترز", "الوضع تحت السيطرة")]


def test_naql_an_takes_the_speaker_after_an():
    assert spans("ونقلت الوكالة عن مسؤول أمني قوله إن الهجوم أحبط.") == [("نقل", "مسؤول أمني", "الهجوم أحبط")]


def test_a_pronoun_speaker_inherits_the_last_explicit_one_in_the_same_article():
    text = "وقال المتحدث باسم الجيش إن القوات تقدمت. وأضاف أن العملية مستمرة. مشيرا إلى أن الخسائر محدودة."
    found = quotes(frame(text, "وأضاف أن الاجتماع انتهى."), progress=False)
    first = found[found["id"] == "a0"]
    assert first["speaker"].tolist() == ["المتحدث باسم الجيش"] * 3
    assert first["inherited"].tolist() == [False, True, True]
    assert first["quote"].tolist()[1:] == ["العملية مستمرة", "الخسائر محدودة"]
    # no speaker before it in its own article: nothing is inherited across articles
    other = found[found["id"] == "a1"].iloc[0]
    assert (other["speaker"], other["speaker_type"], other["speaker_start"]) == ("", "unresolved", -1)


def test_a_pronoun_speaker_points_to_the_mention_nearest_its_verb_and_keeps_the_full_name():
    text = (
        "وقال قائد الحرس اللواء حسين سلامي إن الرد سيكون قاسيا. ووجه سلامي تحذيرا إلى خصومه، "
        'قائلا: "نحن نعرفكم جيدا". وقال وزير الخارجية الأمريكي مايك بومبيو إن الحوار ممكن. '
        "وكانت الأجواء في الجانب الأمريكي هادئة. وأضاف أن المحادثات ستبدأ غدا."
    )
    found = quotes(frame(text), progress=False)
    second = found.iloc[1]
    # the surname written again before the participle is its mention; the speaker stays the full one
    assert text[second["speaker_start"] : second["speaker_end"]] == "سلامي"
    assert second["speaker_start"] == text.index("سلامي تحذيرا")
    assert second["speaker"] == found.iloc[0]["speaker"] and second["inherited"]
    # an adjective is no mention of its own: الأمريكي in الجانب الأمريكي is not the minister
    last = found.iloc[-1]
    assert text[last["speaker_start"] : last["speaker_end"]] == "وزير الخارجية الأمريكي مايك بومبيو"
    # a body named again with its noun and the article (الوكالة after وكالة ستاندرد آند بورز)
    text = (
        "وقالت وكالة ستاندرد آند بورز إن الاقتصاد ينمو. وكانت الوكالة قد رفعت تقييمها للبلاد. "
        "وأضافت أن الديون قد ترتفع."
    )
    last = quotes(frame(text), progress=False).iloc[-1]
    assert text[last["speaker_start"] : last["speaker_end"]] == "الوكالة"
    assert last["speaker"] == "وكالة ستاندرد آند بورز"
    # the subject of the sentence before ends at the noun with its pronoun (تقييمها)
    text = text.replace("وكانت الوكالة قد رفعت", "ورفعت الوكالة")
    last = quotes(frame(text), progress=False).iloc[-1]
    assert text[last["speaker_start"] : last["speaker_end"]] == "الوكالة"


def test_reports_and_media_are_sources_not_people():
    assert one("وقالت التقارير إن المفاوضات انهارت.")["speaker_type"] == "source"
    assert one("وذكرت وسائل الإعلام أن الرئيس غادر البلاد.")["speaker_type"] == "source"
    assert one("وقال مصدر أمني إن المسلحين فروا.")["speaker_type"] == "source"


def test_a_religious_quotation_is_a_quote_with_a_religious_speaker():
    row = one("وقال الله تعالى: ﴿وتعاونوا على البر والتقوى﴾.")
    assert (row["speaker_type"], row["quote"]) == ("religious", "وتعاونوا على البر والتقوى")


def test_a_dated_role_names_its_holder():
    row = one("وقال الرئيس الأمريكي إن العقوبات ستبقى.")
    assert (row["speaker"], row["speaker_type"]) == ("دونالد ترامب", "entity")


def test_not_a_quotation():
    assert spans("أعلن موقع تويتر حظر عرض التسجيلات الزائفة.") == []  # an announcement, no content marked
    assert spans("يذكر أن المدينة شهدت احتجاجات العام الماضي.") == []  # impersonal
    assert spans("اقرأ أيضا: الحكومة تؤكد أن الانتخابات في موعدها") == []  # a link to another article
    assert spans('واعتبر حسن نصرالله الأمين العام لجماعة "حزب الله" أن الضربة خطأ.')[0][2] == "الضربة خطأ"


def test_a_new_speech_verb_after_a_comma_ends_the_reported_clause():
    text = "وأكد التقرير أن القوات انسحبت من المدينة، ونقلت الصحيفة عن مسؤولين قولهم إن واشنطن طلبت الدعم."
    assert spans(text) == [
        ("أكد", "التقرير", "القوات انسحبت من المدينة"),
        ("نقل", "مسؤولين", "واشنطن طلبت الدعم"),
    ]


def test_a_subject_with_quotation_marks_before_its_verb():
    assert spans('لكن مجموعة "الخوذ البيضاء" قالت إن الصور حقيقية.') == [
        ("قال", 'مجموعة "الخوذ البيضاء', "الصور حقيقية")
    ]


def test_a_participle_ends_the_speaker():
    verb, speaker, quote = spans("بينما نفت السلطات المصرية احتجازه قائلة إنه ليس محبوسا.")[0]
    assert (verb, quote) == ("نفى", "ليس محبوسا")
    assert speaker.startswith("السلطات المصرية") and "قائلة" not in speaker


def test_more_verbs_and_jaa_fi_with_its_speaker_after_fi():
    assert spans("ورجح محللون أن يلتقي الزعيمان قبل القمة.") == [("رجح", "محللون", "يلتقي الزعيمان قبل القمة")]
    assert spans("وقدرت دراسة صادرة عن المركز أن الخروج كلف المملكة المتحدة مليارات.")[0][:2] == (
        "قدر",
        "دراسة صادرة",
    )
    assert spans("ووصف ترامب العلاقات مع الرياض بأنها ممتازة.")[0][2] == "ممتازة"
    assert spans("وجاء في البيان أن الاجتماع سيعقد غدا.") == [("جاء", "البيان", "الاجتماع سيعقد غدا")]
    assert spans("وجاء الهجوم بعد أن فشلت المفاوضات.") == []  # جاء without في is not speech


def test_the_writer_is_not_a_speaker():
    # نذكر أن / نقول: the first person is the article's own voice; نصف is "half", not a verb
    assert spans("ولبيان خطورة المهمة نذكر أن غواصا لقي حتفه.") == []
    assert spans("بلغ نصف النهائي، وسبق للنادي أن توج باللقب.") == []


def test_an_adverb_or_a_topic_is_not_the_speaker():
    text = "وكان بولت قد صرح مؤخرا أنه يحب كرة القدم. وبخصوص مستقبله، قال: سأوقع قريبا."
    assert spans(text) == [
        ("صرح", "بولت", "يحب كرة القدم"),
        ("قال", "بولت", "سأوقع قريبا"),
    ]


def test_a_time_or_a_manner_after_the_verb_is_not_the_speaker():
    assert spans("وقال الوزير إن الوفد وصل. وقال، العام الماضي، إن قضايا أخرى ستطرح.")[-1][1] == "الوزير"
    assert spans("وقال الوزير إن الوفد وصل. وقال مبتسما إن الاتفاق قريب.")[-1][1] == "الوزير"
    # but الأمين العام, a name with a long vowel and a noun with its pronoun are speakers
    assert spans("وقال الأمين العام للأمم المتحدة إن الوضع خطير.")[0][1] == "الأمين العام للأمم المتحدة"
    assert spans("وقالت ماريا إن الوضع خطير.")[0][1] == "ماريا"
    assert spans("وأكد محامياها أن إقامتها في سوريا لم تكن باختيارها.")[0][1] == "محامياها"


def test_a_participle_after_its_verb_is_one_instance():
    assert spans('وقال الرئيس. وتابع قائلا: "سنواصل العمل".') == [("تابع", "الرئيس", "سنواصل العمل")]


def test_a_participle_after_a_comma_begins_an_utterance_of_its_own():
    text = 'وقال أردوغان إن "الإصلاحات ضرورية"، مضيفا أن "القوانين الحالية خالية من عقوبة الإعدام".'
    assert spans(text) == [
        ("قال", "أردوغان", '"الإصلاحات ضرورية"'),
        ("أضاف", "أردوغان", '"القوانين الحالية خالية من عقوبة الإعدام"'),
    ]


def test_a_participle_after_an_attribution_takes_the_source_that_agrees_with_it():
    text = (
        "جاء ذلك بحسب ما ذكرته وكالة الأنباء السعودية، نقلا عن المصدر السعودي، لافتة إلى أنه ثمن الخطوة، "
        "مؤكدا أن الفريق سيبدأ عمله."
    )
    speakers = {verb: speaker for verb, speaker, _ in spans(text)}
    assert speakers["لفت"] == "وكالة الأنباء السعودية" and speakers["أكد"] == "المصدر السعودي"


def test_a_withheld_name_or_the_noun_a_clause_describes_is_not_the_speaker():
    text = "وأكد مواطن آخر لفرانس برس لم يشأ كشف هويته أنه مكث طوال الليل في المحطة."
    assert [(verb, speaker) for verb, speaker, _ in spans(text)] == [("أكد", "مواطن آخر")]
    text = "ونشر فريق التواصل صورة قال إنها تظهر غضب الشارع."
    assert "صورة" not in [speaker for _, speaker, _ in spans(text)]
    # a subject before its verb still counts: it agrees with it
    assert spans("لكن إدارة الموقع قالت إن الحساب أغلق.")[0][1] == "إدارة الموقع"


def test_a_participle_takes_the_subject_of_its_sentence_and_may_be_separated_by_a_place():
    text = (
        "وقال لولا إنه بريء. ووافق الرئيس البرازيلي الأسبق لولا دا سيلفا السبت على تسليم نفسه، "
        "مؤكدا أمام حشد من أنصاره أنه ليس فوق القانون."
    )
    assert spans(text)[-1] == ("أكد", "الرئيس البرازيلي الأسبق لولا دا سيلفا", "ليس فوق القانون")
    # a sentence opening with a noun or a particle has no such subject: the last speaker is taken
    text = "وقال الوزير إن الوفد وصل. وكانت المحادثات طويلة، مضيفا أن الاتفاق قريب."
    assert spans(text)[-1][1] == "الوزير"


def test_a_pronoun_verb_takes_the_subject_named_after_the_last_speaker():
    # the subject of a verb that is not speech, in the sentence before or in the same one
    text = (
        "وقال المحلل سامر العلي إن الليرة ستتعافى. وربط أردوغان الأزمة الاقتصادية بالانتخابات. "
        'وقال: "سنتخذ إجراءات مختلفة". وحث جينبينغ الحزب الحاكم على العودة إلى جذوره، وقال إن الحزب باق.'
    )
    # a name the catalog knows ends before the verb's object (أردوغان | الأزمة); an unknown one
    # may run into it (جينبينغ الحزب الحاكم), but is still the speaker
    assert [s[1] for s in spans(text)] == ["المحلل سامر العلي", "أردوغان", "جينبينغ الحزب الحاكم"]
    assert quotes(frame(text), progress=False)["speaker"].tolist()[1] == "رجب طيب أردوغان"
    # a definite subject, and a verb after the particle قد
    text = "وقال الوزير إن الوفد وصل. ونددت الولايات المتحدة بالحملة وقالت إن المدنيين يدفعون الثمن."
    assert spans(text)[-1][1] == "الولايات المتحدة"
    text = 'وقال الوزير إن الوفد وصل. وقد أثار أوباما الجدل عندما قال "الحقائق مهمة".'
    assert spans(text)[-1][1] == "أوباما"
    # not from inside the quotation before, nor when the last speaker came after that subject
    text = 'وقال المبعوث إن "الدول تستطيع زيادة المشاركة". وتابع بالقول: "لا نسعى إلى البقاء".'
    assert spans(text)[-1][1] == "المبعوث"
    text = "وأصدرت الحكومة بيانا أمس. وقال الوزير إن الوفد وصل. وأضاف أن المحادثات طويلة."
    assert spans(text)[-1][1] == "الوزير"
    # the subject of كان in the same sentence
    text = "وقال الوزير إن الوفد وصل. وكان مصدر مطلع على التحقيقات، قال في تصريحات إن الأدلة كثيرة."
    assert spans(text)[-1][1] == "مصدر مطلع"
    text = "وقال الوزير إن الوفد وصل. وكانت قد انتشرت شائعات حيث تروج صفحات لقوارب تقول إنها مجانية."
    assert spans(text)[-1][1] != "قد انتشرت"


def test_the_subject_of_a_sentence_that_opens_with_alif_lam_a_negation_or_a_known_name():
    # ألقى is a verb, not a noun with the article; its subject speaks in the clause after it
    text = (
        "ألقى الرئيس الأمريكي السابق باراك أوباما الثلاثاء خطابا في حفل تكريم للزعيم الراحل "
        'نيلسون مانديلا، حذر فيه من "أوقات غريبة وغامضة" يمر بها العالم.'
    )
    assert spans(text) == [("حذر", "الرئيس الأمريكي السابق باراك أوباما", "أوقات غريبة وغامضة")]
    # لم before the verb; a subject without the article when the catalog knows the person
    text = (
        'وقال الوزير إن الوفد وصل. ولم يشر أوباما بطريقة مباشرة إلى خلفه لكنه حذر من "سياسات الخوف" الآخذة في الانتشار.'
    )
    assert spans(text)[-1][1] == "أوباما"
    text = "وقال الوزير إن الوفد وصل. ويرى تشيرشيسوف هامشا كبيرا للتحسن، وقال إن الأخطاء كثيرة."
    assert spans(text)[-1][1] == "الوزير"  # a name the catalog does not know may be an object


def test_a_definite_subject_ends_before_its_object_and_a_feminine_noun_is_not_a_masculine_verbs():
    text = "وقال الوزير إن الوفد وصل. ولم تكشف الشرطة هوية الجانية، وقالت إن التحقيق مستمر."
    assert spans(text)[-1][1] == "الشرطة"
    text = "وقال الوزير إن الوفد وصل. ولم يحدد العبادي إطارا زمنيا للانسحاب، وقال إن القوات باقية."
    assert spans(text)[-1][1] == "العبادي"
    # a name written after a title is not the object, even when it ends in ة or ا
    text = "وقال الوزير إن الوفد وصل. وقدم الناطق باسم الداخلية خليفة الشيباني توضيحا للصحفيين، وقال إن الأنباء كاذبة."
    assert spans(text)[-1][1] == "الناطق باسم الداخلية خليفة الشيباني"
    text = "وقال الوزير إن الوفد وصل. وزارت السيدة الأولى ميلانيا ترامب، أمس، مستشفى وقالت إن الأطفال بخير."
    assert spans(text)[-1][1] == "السيدة الأولى ميلانيا ترامب"
    text = "وقال الوزير إن الوفد وصل. ولن تدوم فترة الهدوء طويلا، وأكد أن الحرب قريبة."
    assert spans(text)[-1][1] == "الوزير"


def test_a_noun_with_its_pronoun_after_a_comma_ends_the_name_and_a_verb_before_the_verb_is_not_a_subject():
    assert spans("وذكرت موغيريني، نظيرها الأميركي، بأن الاتفاق يعمل.")[0][1] == "موغيريني"
    assert spans("وقال المرصد السوري، ومقره لندن، إن القصف توقف.")[0][1] == "المرصد السوري"
    # a title after the comma, and names that end in ه, stay in the phrase
    assert spans("وقال الرئيس اليمني، عبدربه منصور هادي، إن الحرب ستنتهي.")[0][1] == "الرئيس اليمني، عبدربه منصور هادي"
    assert spans("وذكر حاكم الولاية، خوسيه روساس، أن الطائرة سقطت.")[0][1] == "حاكم الولاية، خوسيه روساس"
    text = 'وقال الوزير إن الوفد وصل. ومضى يقول: "من كان يصدق هذا".'
    assert spans(text)[-1][1] == "الوزير"
    text = 'وقال الوزير إن الوفد وصل. ومضى لافروف قائلا "ليس لدينا أي التزام".'
    assert spans(text)[-1][1] == "لافروف"


def test_the_object_after_a_speaker_is_not_part_of_the_speaker():
    # a definite subject, then a noun with its pronoun: the object (أعلن العبادي متابعته)
    text = 'وأعلن العبادي متابعته بشكل مباشر "إنجاز المشاريع"، مضيفا أنه أرسل لجنة وزارية.'
    assert {s[1] for s in spans(text)} == {"العبادي"}
    assert spans("وأعلنت ألمانيا موقفها بشكل واضح، وقالت إن الاتفاق ملزم.")[0][1] == "ألمانيا"
    # names that end in ه are names (عبدالله، نصرالله، خوسيه)
    names = ("العاهل الأردني الملك عبدالله الثاني", "الأمين العام لحزب الله حسن نصرالله", "المدرب خوسيه مورينيو")
    for name in names:
        assert spans(f"وقال {name} إن الوضع مستقر.")[0][1] == name
    # a post, an adverb
    assert spans('وكتب المدرب تغريدة على حسابه: "الفريق بخير".')[0][1] == "المدرب"
    assert spans("ويتحدث النقاد كثيرا عن أن الفريق تراجع.")[0][1] == "النقاد"
    # حسب اعتقاده: the speaker's own words, said of what came before, not a source
    text = 'وقال الوزير إن المخرج، حسب اعتقاده، "فكر جديد".'
    assert spans(text) == [("قال", "الوزير", 'المخرج، حسب اعتقاده، "فكر جديد"')]


def test_an_addressee_a_manner_or_a_statement_after_the_speaker_ends_it():
    assert spans("قال مسؤول تركي لـCNN إن جو التعاون إيجابي.")[0][1] == "مسؤول تركي"
    text = "وقال الوزير إن الوفد وصل. وأصدرت قوات سوريا الديمقراطية بيانا، أكدت فيه أن المعارك انتهت."
    assert spans(text)[-1][1] == "قوات سوريا الديمقراطية"
    text = "وقال الوزير إن الوفد وصل. وطرح مدير غوغل للتعليم مثالا على ذلك، موضحا أن التعليم التقني مهم."
    assert spans(text)[-1][1] == "مدير غوغل للتعليم"
    # the subject of a sentence that opens with بينما
    text = "وقال الوزير إن الوفد وصل. بينما تعرض الخطوط الجوية الفرنسية زيادة بنسبة واحد بالمائة، وتقول إنها تكفي."
    assert spans(text)[-1][1] == "الخطوط الجوية الفرنسية"
    # بشكل كبير is how, not who
    assert spans("ويرجح الخبراء بشكل كبير أن تكون روسيا مسؤولة.")[0][1] == "الخبراء"


def test_people_after_a_name_are_the_object_of_verbs_that_take_one():
    text = 'وأبلغ إنييستا الصحافيين "أقول دائما إن التحكيم مهمة صعبة".'
    assert {s[1] for s in spans(text)} == {"إنييستا"}
    assert spans("واتهمت إسرائيل المتظاهرين بأنهم يخدمون حماس.")[0][1] == "إسرائيل"
    # a second name right after a whole known name is the object; one name of two words is kept
    assert spans('وهددت واشنطن طهران "بأقوى عقوبات في التاريخ".')[0][1] == "واشنطن"
    assert spans("ووصف أردوغان نتنياهو بأنه إرهابي.")[0][1] == "أردوغان"
    assert spans("وقال بشار الأسد إن الحرب انتهت.")[0][1] == "بشار الأسد"
    text = "وقال الوزير إن الوفد وصل. وحذر نتنياهو إيران من تجاوز الخطوط، وقال إن إسرائيل سترد."
    assert spans(text)[-1][1] == "نتنياهو"
    # a definite noun after a whole known name is the object too, unless they make one name
    assert spans('واعتبرت دمشق الاتهامات الموجهة إليها "باطلة" وقالت إنها لن ترد.')[-1][1] == "دمشق"
    assert spans("وقالت روسيا الاتحادية إن الاتفاق قائم.")[0][1] == "روسيا الاتحادية"
    # a country is a subject when its object follows it, and is feminine for a pronoun verb
    text = "وقال الوزير إن الوفد وصل. ونفت تركيا الاتهامات الموجهة إليها، وقالت إنها لم تتدخل."
    assert spans(text)[-1][1] == "تركيا"
    text = "وقال الوزير إن الوفد وصل. وتستضيف مصر القمة المقبلة، وقال إن الاستعدادات اكتملت."
    assert spans(text)[-1][1] == "الوزير"
    # a plural genitive is part of the speaker, and قال takes no object
    assert spans('ودعا أحد المحتجين إلى أن "تسقط الحكومة".')[0][1] == "أحد المحتجين"
    assert spans("وقال زين العابدين بن علي إن البلاد بخير.")[0][1] == "زين العابدين بن علي"
    assert spans("وقال كبير المفاوضين الفلسطينيين إن المحادثات توقفت.")[0][1] == "كبير المفاوضين الفلسطينيين"


def test_particles_before_a_subject_and_the_subject_after_amma():
    text = 'وواصل زيدان الدفاع عن بنزيمة، إذ قال في المؤتمر الصحفي: "كريم لاعب كبير".'
    assert spans(text)[0][1].startswith("زيدان")  # not إذ
    assert spans('فقال لي: "ليس هذا عملك".')[0][1] == ""  # to me: the addressee
    assert spans("إذ قالت لتلك الفتيات إنهن أصلب من الرجال.")[0][1] == ""
    # أما X فقال: the subject follows أما, even after a clause that describes it
    assert spans("أما جوناثان كونريكوس فقال إن الجيش مستعد.")[0][1] == "جوناثان كونريكوس"
    text = 'أما مريم، التي ولدت في الدنمارك لأبوين تركيين، فقالت: "الجميع يرغب في تحديد القيم".'
    assert spans(text)[0][1] == "مريم"


def test_present_forms_ending_in_ya_capitals_and_times_around_a_speaker():
    # تنفي / يري are the present of نفى / رأى; نفي alone is the noun
    assert spans("وقال الوزير إن الوفد وصل. وينفي أن يكون الاتفاق قد انهار.")[-1][:2] == ("نفى", "الوزير")
    assert spans("وسط نفي الحكومة أنها قصفت المدينة.")[0][:2] == ("نفى", "الحكومة")
    # a capital that stands for its government is the subject of its sentence
    text = "وترفض موسكو أي ضلوع لها في التسمم وتنفي أن تكون المادة صنعت في روسيا."
    assert spans(text)[0][1] == "موسكو"
    # a time after the verb or the speaker is neither (الأحد الماضي، الأسبوع الماضي، ديسمبر الماضي)
    assert spans("وكان التحالف أعلن، الأحد الماضي، أن الميليشيات تحتجز السفينة.")[0][1] == "التحالف"
    assert spans("وقال ممثلو الادعاء الأسبوع الماضي إن الأدلة كافية.")[0][1] == "ممثلو الادعاء"
    assert spans("وشدد الأمين العام، ديسمبر الماضي، على أن الحل سياسي.")[0][1] == "الأمين العام"
    # months that are names too stay names
    assert spans("وقالت رئيسة الوزراء تيريزا ماي إن الاتفاق جيد.")[0][1] == "رئيسة الوزراء تيريزا ماي"
    assert spans('وتعهدت نيسان بإجراء "تحقيقات كاملة".')[0][1] == "نيسان"
    # a participle takes the speaker of a clause of its own named after the subject of its sentence
    text = (
        'وعادت موسكو ورفضت التصريحات، وقالت المتحدثة باسم الخارجية، ماريا زاخاروفا، إن "هذه مهزلة"، '
        "مضيفة أن التصريح جزء من حملة."
    )
    assert spans(text)[-1][1] == "المتحدثة باسم الخارجية، ماريا زاخاروفا"


def test_an_attribution_between_a_verb_and_its_content_with_a_quoted_source():
    for source in ("رويترز", '"رويترز"'):
        text = f"وقال الوزير، بحسب ما نقلت {source}، إن المحادثات انتهت."
        assert spans(text) == [("قال", "الوزير", "المحادثات انتهت"), ("بحسب", "رويترز", "المحادثات انتهت")]
    # an adjective that looks like a participle (مشددة) leaves the attribution at the end of its sentence
    text = 'لأن رونالدو سيحظى بإجراءات أمنية مشددة منذ وصوله بحسب صحيفة "جازيتا ديللو سبورت"، وافتتح النادي غرفة.'
    assert [s[:2] for s in spans(text)] == [("بحسب", 'صحيفة "جازيتا ديللو سبورت')]


def test_a_subject_after_fihi_in_a_clause_of_time_and_a_subject_opening_a_quoted_clause():
    text = "غادر القنصلية، في الوقت الذي أكدت فيه الحكومة السعودية أن الإعلامي غادر."
    assert spans(text)[0][1] == "الحكومة السعودية"
    # بيانا أكدت فيه: فيه points to the statement; the speaker is the one who issued it
    assert spans("وأصدرت الوزارة بيانا أكدت فيه أن الإعلامي غادر.")[0][1] == "الوزارة"
    # a subject that opens a quoted clause speaks there; adverbs of manner and time are not speakers
    text = 'وأشارت إلى أن "الرئيس قال علنا إنه يعتزم أن يحاسب المسؤولين".'
    assert spans(text)[-1][:2] == ("قال", "الرئيس")
    assert spans("وكان النادي الباريسي أعلن ليل الاثنين أن المدرب باق.")[0][1] == "النادي الباريسي"
    # من قبل إن: "earlier"; قبل أن: "before", not speech
    assert spans("كانت وزارة المالية قالت من قبل إن الدفعة متوقعة في يونيو.")[0][:2] == ("قال", "وزارة المالية")
    assert spans("وقال الوزير ذلك قبل أن يصل الوفد.") == []
    assert spans("إذ لا يمكنك أن ترى محجبة واحدة كما يستحيل أن يبدأ الأستاذ درسه بالبسملة.") == []


def test_a_source_never_runs_into_the_next_line():
    text = "وأكد الوزير أن الاتفاق صامد، وفقا لوكالة الأناضول الرسمية\nزاد اختفاء الصحفي من التوتر."
    assert spans(text)[-1][:2] == ("وفقا", "وكالة الأناضول الرسمية")


def test_a_subject_ends_at_a_dash_a_circumstantial_participle_or_its_object_alqawl():
    text = "وقال الوزير إن الوفد وصل. وأصدرت ماركل - البالغة 36 عاما - بيانا أكدت فيه أن والدها لن يحضر."
    assert spans(text)[-1][1] == "ماركل"
    text = 'وقال الوزير إن الوفد وصل. وكرر بوتين القول إن روسيا "لم تتدخل"، موضحا أن ترامب يعرف ذلك.'
    assert [s[1] for s in spans(text)[1:]] == ["بوتين", "بوتين"]
    assert spans("وقال الوزير إن الوفد وصل. وكتب السفير ثانية قائلا إن الجنرال منزعج.")[-1][1] == "السفير"
    # نفسه: "the same" after a speaker, "himself" as an object; never a speaker of its own
    assert spans("وقال المصدر نفسه إن القوات انسحبت.")[0][1] == "المصدر"
    assert spans("ووصف الرئيس نفسه بأنه طبيب.")[0][1] == "الرئيس"
    # a modal verb after the speech verb opens what was said; it is no speaker (ويقول يجب عليه أن)
    assert spans("وقال المدرب إن الفريق جاهز. وأضاف يجب علينا أن نلعب بقوة.")[-1][1] == "المدرب"


def test_a_sentence_that_ends_with_its_source_in_a_press_review():
    text = (
        "والقادة الأوروبيون يسعون إلى تفاهمات ترضي غالبية البلدان بشأن الهجرة تقول لوفيغارو، "
        "التي أشارت إلى أن قطع الطريق صعب."
    )
    assert spans(text)[0] == ("قال", "لوفيغارو", "والقادة الأوروبيون يسعون إلى تفاهمات ترضي غالبية البلدان بشأن الهجرة")
    text = "ويعني المصطلح نسبة الإرهاب إلى الإسلام وهذا ليس بريئا، كما أضافت لوديو."
    assert spans(text) == [("أضاف", "لوديو", "ويعني المصطلح نسبة الإرهاب إلى الإسلام وهذا ليس بريئا")]
    # أضاف، ذكر، كتب in their other senses are not speech
    assert spans("وسجل رونالدو الهدف الثالث لريال بعدما أضاف جاريث بيل الهدف الثاني.") == []
    assert spans("وأعلنت الشرطة إصابة الطيار بجروح طفيفة بدون أن يذكر عدد الجرحى.") == []


def test_the_subject_of_a_sentence_after_words_that_open_a_turn_or_before_a_title():
    text = 'وقال الملك إن الفوز مستحق. من جهته نشر الشيخ خالد بن أحمد، وزير الخارجية، تغريدة قال فيها: "نهنئ مصر".'
    assert spans(text)[-1][1] == "الشيخ خالد بن أحمد"
    text = "وقال المدرب إن الفريق جاهز. وتدخلت إيفانكا ترامب، ابنة الرئيس، في النقاش، وقالت إن اللوائح ظالمة."
    assert spans(text)[-1][1] == "إيفانكا ترامب"
    # a topic opens no subject, nor does an adjective
    text = 'وقال المدرب زيدان إن الموسم كان صعبا. وبخصوص مستقبله، قال: "سنرى بعد ذلك".'
    assert spans(text)[-1][1] == "المدرب زيدان"
    text = "وقالت المحكمة إن الحكم نهائي. وخاسر متزوجة ثلاث مرات، ولديها ستة أبناء، وقالت إنها عاشت طفولة صعبة."
    assert spans(text)[-1][1] != "متزوجة ثلاث مرات"


def test_an_adverb_of_time_between_the_verb_and_its_subject():
    text = "وقال المدرب إن الفريق جاهز. وأعلن مؤخرا رئيس الاتحاد ألكسندر تشيفيرين أن التقنية لن تستخدم."
    assert spans(text)[-1][:2] == ("أعلن", "رئيس الاتحاد ألكسندر تشيفيرين")
    text = "وأعلن صباح الاثنين وزير الخارجية أن الوفد سيصل."
    assert spans(text) == [("أعلن", "وزير الخارجية", "الوفد سيصل")]
    # without a subject after it, the adverb is no speaker
    text = "وقال الوزير إن الوفد وصل. وأضاف اليوم أن المحادثات طويلة."
    assert spans(text)[-1] == ("أضاف", "الوزير", "المحادثات طويلة")


def test_an_attribution_after_a_named_speaker_does_not_take_what_follows_from_him():
    text = (
        "وقال وزير الدفاع إن الهجوم فشل. وتابع أردوغان وفقا لما نقلته وكالة أنباء الأناضول: "
        '"تركيا تولي أهمية قصوى للأمن"، لافتا إلى أن "الدول التي سخفت الإرهاب ستدفع الثمن".'
    )
    assert [s[:2] for s in spans(text)][1:] == [
        ("تابع", "أردوغان"),
        ("وفقا", "وكالة أنباء الأناضول"),
        ("لفت", "أردوغان"),
    ]
    # the first person inside the quotation is the one who said it, not the paper that carried it
    text = 'وقال ولي العهد وفقا لما نقلته صحيفة سبق: "أعتقد أن أمريكا اقترفت خطأين".'
    assert spans(text)[-1] == ("اعتقد", "ولي العهد", "أمريكا اقترفت خطأين")


def test_a_generic_speaker_is_the_organisation_of_its_kind_named_before_it():
    text = (
        "وأعلنت شركة أبل عن هاتف جديد. وقالت الشركة إن المبيعات ارتفعت. وقالت وزارة الخارجية الروسية "
        "إن الحوار مهم. وأكدت الوزارة أن الوفد وصل. وقالت اللجنة إن الاجتماع انتهى."
    )
    found = quotes(pd.DataFrame({"id": ["a"], "text": [text]}), progress=False)
    assert found[["speaker", "speaker_type"]].values.tolist() == [
        ["آبل", "entity"],  # a company of the catalog named before it
        ["وزارة الخارجية الروسية", "unresolved"],
        ["وزارة الخارجية الروسية", "unresolved"],  # the earlier speaker that begins with وزارة
        ["اللجنة", "unresolved"],  # no committee was named: left as written
    ]
    # the noun with its article names the organisation too
    observatory = "وقال المرصد السوري لحقوق الإنسان إن القصف استمر. وأضاف المرصد أن عشرة قتلوا."
    linked = quotes(pd.DataFrame({"id": ["b"], "text": [observatory]}), progress=False)
    assert linked["speaker"].tolist() == ["المرصد السوري لحقوق الإنسان"] * 2
    # the offsets stay those of the word written
    spans_ = found[["speaker_start", "speaker_end"]].values.tolist()
    assert [text[s:e] for s, e in spans_][::2] == ["الشركة", "الوزارة"]


def test_an_attribution_between_a_verb_and_its_content():
    text = "وقال الجبير، وفق ما نقلته وكالة الأنباء السعودية، إن الاتفاق النووي يحتاج إلى تعديل."
    assert spans(text) == [
        ("قال", "الجبير", "الاتفاق النووي يحتاج إلى تعديل"),
        ("وفق", "وكالة الأنباء السعودية", "الاتفاق النووي يحتاج إلى تعديل"),
    ]
    # a verb with a direct object reports nothing: the attribution takes the clause before it
    text = "أعلن الاتحاد الأفريقي فرض عقوبة على رئيس النادي، وفقا لما ذكرته الوكالة. وأكد الاتحاد أن سلوكه خرق."
    assert spans(text)[0][2] == "أعلن الاتحاد الأفريقي فرض عقوبة على رئيس النادي"
    # decisions are what a penalty was imposed "in accordance with", not a source
    assert spans("أعلن الاتحاد فرض عقوبة على رئيس النادي، وفقا لقرارات أصدرها الكاف.") == []
    # a source not named after the attribution's verb is no speaker
    assert spans("وأعلنت الفصائل فشل المفاوضات، وفق ما أوردت على حسابها في موقع تويتر.") == []
    assert spans("وتتجه روسيا إلى بناء مركبة، وفق ما كشف عنه نائب رئيس الوزراء يوري بوريسوف.")[0][1] == (
        "نائب رئيس الوزراء يوري بوريسوف"
    )


def test_the_noun_a_clause_is_about_and_a_far_complementizer_are_not_taken():
    # بيانا أدانت فيه: the statement is where it was said, not who said it
    text = 'أصدرت الوزارة بيانا أدانت فيه الهجوم، ووصفته بأنه "جريمة ضد الإنسانية".'
    assert "بيانا" not in [speaker for _, speaker, _ in spans(text)]
    # past the verb's preposition and its object, a complementizer belongs to another clause
    text = (
        "وانخفضت الأسعار بعد بيانات تشير إلى زيادة المخزونات في نقطة التسليم الأسبوع الماضي "
        "لتتفاقم المخاوف من أن تنال الاضطرابات من الإمدادات."
    )
    assert spans(text) == []
    assert spans("وأشار الوزير في حديثه إلى الصحفيين إلى أن الخطة جاهزة.") == [("أشار", "الوزير", "الخطة جاهزة")]


def test_verbs_that_look_like_speech_but_do_not_report():
    assert spans("وسجل نيمار هدفا، ما دعا عددا من المسعفين إلى التدخل.") == []  # "which prompted"
    assert spans("وبذلك ودعت كوستاريكا البطولة، ويتبقى لصربيا أمل أخير إن فازت على البرازيل.") == []  # farewell
    assert spans("وطور آشكين تقنية بالليزر وصفت بأنها ملقط بصري.") == []  # the passive: no one describes
    assert spans("كتب المقال أحمد.\n*نقلا عن الرؤية الإماراتية\n") == []  # a credit line
    # يدعى (is named) is written like يدعي (claims); لأن is "because"; a quoted outlet is a name
    assert spans('ووجهت السلطات إلى صديق للمهاجم يدعى عبد الحكيم تهمة "المشاركة في مؤامرة إجرامية".') == []
    assert spans("وطالبت القناة الفيفا برفع دعوى قضائية لأن المباراة بثت بشكل غير قانوني.") == []
    text = 'وأفاد كولومب في تصريح لشبكة "بي أف أم تي في" بأن الشقيقين أوقفا.'
    assert spans(text) == [("أفاد", "كولومب", "الشقيقين أوقفا")]
    assert spans("وادعى المتهم أن الأموال كانت هدية.") == [("ادعى", "المتهم", "الأموال كانت هدية")]
    # أقرأ (I read) is not the dual of أقر (admitted), and the writer's "I" is no speaker
    assert spans("جلبت لنفسي الخوف وأنا أقرأ عن معدل العلاقات التي انهارت بعد وفاة طفل.") == []
    assert "وأنا" not in [s for _, s, _ in spans("وأنا أقول إن الأمر انتهى.")]
    # أن after a conjunction of time or purpose opens no reported speech
    assert spans("وكان طالب حقوق بباريس قبل أن يتحول إلى عالم الأمن.") == []
    # an attribution lends its source to the participles right after it, not past a verb
    text = "ارتفع عدد القتلى، وفق حصيلة للمرصد. وقال إن الوضع خطير، مشددا على أن القصف يجب أن يتوقف."
    assert [speaker for _, speaker, _ in spans(text)] == ["حصيلة للمرصد", "", ""]
    # what a preposition governs alone is an object, not what was said; with أن after it, it is
    assert spans("ودعا الرئيس إلى وقف إطلاق النار فورا.") == []
    assert spans("وحذر الوزير من تداعيات القرار.") == []
    assert spans("ودعا الرئيس إلى أن تتوقف الحرب.") == [("دعا", "الرئيس", "تتوقف الحرب")]
    assert spans("ووصفت الوزيرة الهجوم بأنه جبان.")[0][2] == "جبان"


def test_a_verbal_noun_with_its_speaker_and_a_complementizer_reports_speech():
    text = "وارتفعت الأسعار وسط تأكيد الرئيس الأمريكي دونالد ترامب بأن الاتفاق سيء."
    assert spans(text) == [("أكد", "الرئيس الأمريكي دونالد ترامب", "الاتفاق سيء")]
    assert spans("وذلك رغم نفي الحكومة أنها تلقت أي طلب.") == [("نفى", "الحكومة", "تلقت أي طلب")]
    # its pronoun is the last speaker who agrees with it, and a comma before it ends the clause
    text = "وقال الوزير إن الوفد وصل، وسط تأكيده أن المحادثات ستبدأ غدا."
    assert spans(text) == [("قال", "الوزير", "الوفد وصل"), ("أكد", "الوزير", "المحادثات ستبدأ غدا")]
    # no speaker named, an adjective, a noun with no complementizer, or one inside a verb's phrase
    assert spans("في إشارة روسية إلى الإيرانيين بأن خدماتهم لم تعد مطلوبة.") == []
    assert spans("بعد إعلان الشركة عن منتج جديد.") == []
    assert spans("وأوضح الخزعلي خلال تصريحات صحافية أن العامري هو المرشح.") == [
        ("أوضح", "الخزعلي", "العامري هو المرشح")
    ]


def test_a_quotation_governed_by_the_verbs_preposition_is_what_was_said_however_short():
    assert spans('وشددت الخارجية على ضرورة إجراء "تحقيق عاجل".') == [("شدد", "الخارجية", "تحقيق عاجل")]
    assert spans('وتعهدت نيسان بإجراء "تحقيقات كاملة وشاملة".') == [("تعهد", "نيسان", "تحقيقات كاملة وشاملة")]
    assert spans('وتعهد الرئيس بوتين بإجراء "تحقيقات كاملة".')[0][1] == "الرئيس بوتين"  # a name is not cut
    text = 'وأدانت المملكة العربية السعودية، الأحد، "الهجوم الكيماوي الذي تعرضت له مدينة دوما".'
    assert spans(text) == [("أدان", "المملكة العربية السعودية", "الهجوم الكيماوي الذي تعرضت له مدينة دوما")]
    # a short quotation that is not governed by the preposition stays a name or a term
    assert spans('وأعلنت الشركة عن إطلاق "آيفون" في الصيف.') == []
    assert spans('وأصدرت المحكمة الجنائية، التي شددت على "خطورة التهم"، حكما بالسجن.') == [
        ("شدد", "المحكمة الجنائية", "خطورة التهم")
    ]


def test_a_speech_verb_with_its_own_complementizer_ends_the_clause_before_it_without_a_comma():
    text = 'وقالت الشركة إنها ستعيد فحص بيانات "موثوق بها" وأكدت أن جميع السيارات تتفق مع معايير السلامة.'
    assert spans(text) == [
        ("قال", "الشركة", 'ستعيد فحص بيانات "موثوق بها"'),
        ("أكد", "الشركة", "جميع السيارات تتفق مع معايير السلامة"),
    ]
    # without a complementizer the verb is part of what was reported
    assert len(spans("وقال الوزير إن الحكومة ستدرس الأمر وأكد التزامه بالقرار.")) == 1


def test_a_clause_describing_the_speaker():
    # the noun before "، الذي" speaks; the words after the clause's verb are its object
    text = "وبدأت الفصائل سحب السلاح، وفق ما أفاد المرصد السوري لحقوق الإنسان، الذي أشار إلى أن المنطقة باتت خالية."
    assert spans(text)[-1] == ("أشار", "المرصد السوري لحقوق الإنسان", "المنطقة باتت خالية")
    text = "وقال الأستاذ في جامعة مانشستر، لويس أبيلبي، الذي يعتبر واحدا من أبرز الخبراء، إن تعيين وزير خطوة مهمة."
    assert spans(text) == [("قال", "الأستاذ", "تعيين وزير خطوة مهمة")]
    # a definite noun after the verb is its own subject; without the comma the noun before is the object
    text = "وبدأت عملية تحرير ميناء الحديدة، والتي قالت الحكومة اليمنية في بيان إنها جاءت بعد استنفاد الوسائل."
    assert spans(text) == [("قال", "الحكومة اليمنية", "جاءت بعد استنفاد الوسائل")]
    assert spans("وهو القرار الذي قالت الصين إنه يهدف لدعم اللاعبين.")[0][1] == "الصين"
    # a conjunction before the verb is not its subject
    assert spans("وأثار ذلك غضبا، بعدما صرح الاثنين أمام المجلس أن الأزمة لم تنشأ بسبب الدين.")[0][1] == ""


def test_a_pronoun_verb_skips_an_earlier_speaker_of_the_other_gender():
    text = "وقالت الوكالة إن الطائرة سقطت. وقال المتحدث إن القتلى عشرة. وتابعت أن الدفاعات تصدت لها."
    assert [speaker for _, speaker, _ in spans(text)] == ["الوكالة", "المتحدث", "الوكالة"]
    # a name tells nothing: it is taken whatever the verb's gender
    text = "وقالت الهاشم إن الحملة غريبة. وأضافت أن الوزارة لم ترد."
    assert [speaker for _, speaker, _ in spans(text)] == ["الهاشم", "الهاشم"]


def test_according_to_a_rule_is_not_a_source():
    assert spans("ويتنافس 597 مرشحا وفق قانون النظام النسبي.") == []
    assert spans("ويتنافس 597 مرشحا بحسب هذا التقسيم.") == []
    assert spans("قتل خمسة أشخاص بحسب وكالة الأنباء الرسمية.")[0][1] == "وكالة الأنباء الرسمية"


def test_a_clause_ends_at_a_comma_before_lakinnahu_qal():
    text = 'وقال الرئيس إن الفكرة ستثير الجدل، لكنه قال "لو كان لدينا معلم مسلح لانتهى الهجوم".'
    assert [quote for _, _, quote in spans(text)] == [
        "الفكرة ستثير الجدل",
        "لو كان لدينا معلم مسلح لانتهى الهجوم",
    ]


def test_a_quoted_name_before_an_is_the_source_not_the_quote():
    text = 'نقلت "الوكالة العربية السورية للأنباء" عن مراسلها أن هدفا جويا اخترق الأجواء.'
    assert spans(text) == [("نقل", "مراسلها", "هدفا جويا اخترق الأجواء")]


def test_a_verb_stretched_with_tatweel_is_found():
    assert spans("وقـال الوزيـر إن الميزانية أقرت.") == [("قال", "الوزيـر", "الميزانية أقرت")]


def test_ali_is_a_name_not_the_preposition_ala():
    # على (on) folds to علي once ى is read as ي; the name علي (Ali) is written with ي
    text = 'اعتبر علي بن محمد الرميحي، وزير شؤون الإعلام البحريني، أن "النظام القطري حريص على المشاركة".'
    assert spans(text) == [
        ("اعتبر", "علي بن محمد الرميحي، وزير شؤون الإعلام البحريني", '"النظام القطري حريص على المشاركة"')
    ]
    assert spans("وأكد الوزير على أن الاتفاق صامد.") == [("أكد", "الوزير", "الاتفاق صامد")]


def test_speech_reported_inside_what_was_said_with_its_own_speaker():
    text = "وقالت الإعلامية إن ولي العهد السعودي أوضح أن مشروع نيوم استثماري."
    assert spans(text) == [
        ("قال", "الإعلامية", "ولي العهد السعودي أوضح أن مشروع نيوم استثماري"),
        ("أوضح", "ولي العهد السعودي", "مشروع نيوم استثماري"),
    ]
    text = 'وقال الوزير: "لقد أكد الرئيس بوتين أن روسيا لن تتدخل".'
    assert spans(text)[1] == ("أكد", "الرئيس بوتين", "روسيا لن تتدخل")
    # a pronoun verb, an addressee, a quotation alone or a coordinated إن stay inside the quotation
    assert len(spans('وأضاف بومبيو: "أوضحنا لهم أننا جادون، وأكدوا لي أنهم سيحققون".')) == 1
    assert len(spans('وقال المخرج إن الأفلام التي تعترف بها الأكاديمية "بعيدة عن الواقع".')) == 1
    text = "وقالت المجلة إن الفضل يعود له في كشف خيوط القضية، وإن ذلك سبب اغتياله."
    assert len(spans(text)) == 1
    # a noun after a preposition is not the subject of the verb after it
    text = 'وقال المذيع: "سألته عن موضوع بيع الأرض قال بوضوح: كلا".'
    assert all(speaker != "موضوع بيع الأرض" for _, speaker, _ in spans(text))


def test_a_description_in_quotation_marks_is_what_was_said():
    text = 'ووصفت الخارجية السورية التهديدات بـ"التصعيد الأرعن".'
    assert spans(text) == [("وصف", "الخارجية السورية التهديدات", "التصعيد الأرعن")]
    # the form with its object, and ما وصفه بـ: the speaker is the one before
    text = 'وقال الرئيس إن الوضع صعب. ووصفه بأنه أسوأ أزمة. وأشاد بما وصفه بـ"اللقاء التاريخي".'
    assert [(speaker, quote) for _, speaker, quote in spans(text)[1:]] == [
        ("الرئيس", "أسوأ أزمة"),
        ("الرئيس", "اللقاء التاريخي"),
    ]
    text = 'وقال الرئيس إن الوضع صعب. وأثنى على ما وصفه بـ"اللقاء التاريخي".'
    assert spans(text)[1] == ("وصف", "الرئيس", "اللقاء التاريخي")
    # inside another verb's phrase it is one instance, of that verb
    text = 'وحذر العميد حسين سلامي من وصفهم بـ"الأعداء" من تهديد أمن إيران.'
    assert [verb for verb, _, _ in spans(text)] == ["حذر"]
    text = 'وأشارت الهاشم إلى أنها خاطبت الوزير لوقف الحملة التي وصفتها بالـ "غريبة" وقالت: "لم أهاجم الحجاب".'
    assert [(verb, speaker) for verb, speaker, _ in spans(text)] == [
        ("أشار", "الهاشم"),
        ("وصف", "الهاشم"),
        ("قال", "الهاشم"),
    ]
    assert spans(text)[0][2] == 'خاطبت الوزير لوقف الحملة التي وصفتها بالـ "غريبة"'


def test_beliefs_expectations_and_findings_with_their_subject():
    assert spans("وتوقع صندوق النقد الدولي أن يرتفع الدين الخارجي.") == [
        ("توقع", "صندوق النقد الدولي", "يرتفع الدين الخارجي")
    ]
    assert spans("وتعتقد السلطات التركية أن الفريق على صلة بالقضية.")[0][1] == "السلطات التركية"
    assert spans("وأظهرت الدراسة أن الآلة زادت عدد الأكباد المناسبة.")[0][1] == "الدراسة"
    # with no subject they are passives: "he is believed to", "it is expected"
    assert spans("وقاد الهجوم أحد قادة التنظيم، ويعتقد أنه قتل في الغارة.") == []
    assert spans("ويتوقع أن يصل الوفد غدا.") == []


def test_a_participle_takes_a_subject_with_its_genitive():
    text = "رفض وزير الخارجية الإيراني محمد جواد ظريف تصريحات ترامب، مؤكدا أن التهديدات لن تنجح."
    assert spans(text) == [("أكد", "وزير الخارجية الإيراني محمد جواد ظريف", "التهديدات لن تنجح")]
    # a feminine noun does not lead a masculine participle (the rate does not "point out")
    text = "وقال البنك إن الدين ارتفع. وبلغت نسبة رصيد الدين الخارجي نحو 36%، مشيرا إلى أن النسبة آمنة."
    assert spans(text)[-1][1] == "البنك"


def test_the_first_person_inside_a_quotation_is_the_one_quoted():
    text = 'وقال إيمري: "لدينا أشياء سلبية، ولكنني أعتقد أن الفريق لعب جيدا هذا العام".'
    assert spans(text)[1] == ("اعتقد", "إيمري", "الفريق لعب جيدا هذا العام")
    text = 'وقال البيان أيضا "نتوقع أن تستمر إيران في تطبيق التعهدات".'
    assert spans(text)[1] == ("توقع", "البيان", "تستمر إيران في تطبيق التعهدات")
    # outside a quotation the first person is the writer; نجيب is a name, not "we answer"
    assert spans("نقول إن هذه الحكومة فشلت.") == []
    text = 'ونقلت الصحيفة عن نجيب جرار مدير التسويق قوله "أكثر من مليار شخص يستعدون لرمضان".'
    assert spans(text)[0][1] == "نجيب جرار مدير التسويق"


def test_an_attribution_after_a_comma_is_of_the_whole_sentence():
    text = "قال رئيس الوزراء أحمد بن دغر، إن بلاده تمر بأيام عصيبة، وفق وكالة الأنباء اليمنية سبأ."
    assert spans(text) == [
        ("قال", "رئيس الوزراء أحمد بن دغر", "بلاده تمر بأيام عصيبة"),
        ("وفق", "وكالة الأنباء اليمنية سبأ", "قال رئيس الوزراء أحمد بن دغر، إن بلاده تمر بأيام عصيبة"),
    ]
    # "in accordance with" a law does not end it
    text = "وقال الوزير إن الاتفاق سيطبق، وفقا للقانون الدولي."
    assert spans(text) == [("قال", "الوزير", "الاتفاق سيطبق، وفقا للقانون الدولي")]
    # جاء ذلك بحسب …: what is attributed is the sentence before
    text = "رحب مصدر سعودي بتشكيل فريق عمل مشترك.\nجاء ذلك بحسب ما ذكرته وكالة الأنباء السعودية."
    assert spans(text) == [("بحسب", "وكالة الأنباء السعودية", "رحب مصدر سعودي بتشكيل فريق عمل مشترك")]


def test_expressing_and_concluding():
    text = 'أعرب الاتحاد الأوروبي اليوم الاثنين عن "أسفه العميق" للقرار الأمريكي.'
    assert spans(text) == [("أعرب", "الاتحاد الأوروبي", "أسفه العميق")]
    assert spans("وأعرب الوزير عن أمله في أن تنجح المفاوضات.") == [("أعرب", "الوزير", "تنجح المفاوضات")]
    assert spans("وأعرب الوزير عن قلقه من التصعيد.") == []  # an object, nothing said
    assert spans("وخلص البحث إلى أن الموقع لم يعد صالحا للتجارب.")[0][1] == "البحث"
    assert spans("وخلص الاجتماع إلى تشكيل لجنة.") == []


def test_words_that_look_like_speech_or_a_sentence_end():
    # يبلغ (amounts to, is aged), فحسب (only), a quotation the verb's object points back to
    assert spans('وقال الادعاء إنه "نشر مواد دعائية". ويبلغ يوجيل من العمر 44 عاما.') == [
        ("قال", "الادعاء", '"نشر مواد دعائية"')
    ]
    assert spans("ولكن الفضيحة لم تطح بواينستين فحسب بل تعدتها إلى رجال كثر.") == []
    assert len(spans('وقال الادعاء إنه "نشر مواد دعائية". ونفى يوجيل ذلك، ولم توجه إليه تهمة.')) == 1
    # the dots of an abbreviation or an address do not end the sentence
    text = "وذكر موقع (فلايت أوير.كوم) على الإنترنت إن أكثر من 750 رحلة ألغيت."
    assert spans(text) == [("ذكر", "موقع", "أكثر من 750 رحلة ألغيت")]
    text = "ووصفت وكالة الأنباء الكورية (كي.سي.ان.ايه) الزيارة بأنها علامة فارقة."
    assert spans(text)[0][2] == "علامة فارقة"
    text = "وقال الوزير إن الاتفاق صامد.وأضاف أن المفاوضات مستمرة."
    assert [quote for _, _, quote in spans(text)] == ["الاتفاق صامد", "المفاوضات مستمرة"]


def test_a_short_quotation_after_a_verb_of_saying_and_names_that_fold_to_verbs():
    # what قال says may be short when it ends the clause; a term goes on inside it
    text = 'في حين قال كيم "سوف نواجه تحديات" لكنه تعهد بالعمل مع ترمب.'
    assert spans(text)[0] == ("قال", "كيم", "سوف نواجه تحديات")
    assert spans('وقال "حزب الله" في بيان إن الهجوم فشل.') == [("قال", "حزب الله", "الهجوم فشل")]
    # the verb's preposition may open the quotation
    assert spans('وتعهد كيم "بطي صفحة الماضي".') == [("تعهد", "كيم", "بطي صفحة الماضي")]
    # راي (Ray) and رأي (opinion) are written with ي: not the verb رأى
    text = "وقال محافظ تشيانغ راي السبت إن فرق الإنقاذ أمامها ثلاثة أيام."
    assert spans(text) == [("قال", "محافظ تشيانغ راي", "فرق الإنقاذ أمامها ثلاثة أيام")]
    assert spans("وقد تسهم الأفلام في تخفيف الاعتماد على رأي النقاد، لاسيما وأن النقاد قلة.") == []
    # a belief as a verbal noun
    text = 'وقالت ماي إن العمل صائب. وعبرت عن اعتقادها بأن "هذا العمل يرسل رسالة واضحة".'
    assert spans(text)[1][:2] == ("اعتقد", "ماي")


def test_nouns_written_like_verbs_and_the_speakers_own_words():
    # a verb never follows a preposition: على ذكر is "the mention of"
    assert spans('ولا تأتي الوثيقة على ذكر المطلب الأمريكي "بنزع الأسلحة النووية".') == []
    # حسب تعبيره ("as he put it") names no new source
    text = 'وقال الرئيس "سنبقى ملتزمين بالاتفاق"، حسب تعبيره.'
    assert spans(text) == [("قال", "الرئيس", "سنبقى ملتزمين بالاتفاق")]
    # رغم أن opens no reported speech; غير مرة ("more than once") is no speaker
    assert spans("واستبعد من تشكيلة فريقه رغم أنه شارك في مباراة ودية.") == []
    text = "وكان أردوغان، قد أكد غير مرة، أن أسعار الفائدة سبب الشرور."
    assert spans(text)[0][1] != "غير مرة"
    # what طالب asks for (بإجراء …) is its object, not its speaker
    text = 'وقالت الرياضي إن الأمر مرفوض. وطالبت بإجراء محاكمات عادلة و"عدم الإفلات من العقاب".'
    assert spans(text)[1][1] == "الرياضي"


def test_a_pronoun_verb_after_an_attribution_takes_its_source_when_they_agree():
    text = "ودمر الجيش مواقع للحوثيين، وفقا لما ذكره الموقع الرسمي للجيش اليمني. وأوضح أن المدفعية دمرت تحصينات."
    assert spans(text)[-1][1] == "الموقع الرسمي للجيش اليمني"


def test_a_quotation_after_in_a_statement_is_what_it_says():
    text = 'وقالت وزارة الدفاع الروسية في بيان "يضمن مركز المصالحة الحصانة لكل المقاتلين".'
    assert spans(text) == [("قال", "وزارة الدفاع الروسية", "يضمن مركز المصالحة الحصانة لكل المقاتلين")]
    # an outlet's name in quotation marks stays a name
    assert spans('وقال الوزير في تصريح لصحيفة "الغارديان" إن الاتفاق صامد.') == [("قال", "الوزير", "الاتفاق صامد")]
    assert spans('وشرح إنفانتينو في مؤتمر صحافي "هذا حدث هام في كرة القدم".')[0][:2] == ("شرح", "إنفانتينو")
    assert spans('وأشاد الرئيس "بتميز العلاقات الأخوية بين البلدين".')[0][:2] == ("أشاد", "الرئيس")
    assert spans("وأشاد الوزير بالاتفاق.") == []


def test_a_date_without_its_zone_is_read_as_utc():
    articles = frame("وقال ولي العهد السعودي إن الوفد وصل.").assign(published=pd.Timestamp("2018-05-02"))
    assert quotes(articles, progress=False)[["speaker", "speaker_type"]].values.tolist() == [
        ["محمد بن سلمان", "entity"]
    ]


def test_threads_reading_different_texts_get_the_same_instances():
    # the speech words of the text being read are kept per thread (a threaded Dask scheduler)
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "وقال الوزير إن الاتفاق صامد، وفق وكالة الأنباء. وأضاف أن المفاوضات مستمرة.",
        'وقالت الإعلامية إن ولي العهد أوضح أن المشروع استثماري، مضيفة "نحن متفائلون".',
        "قتل خمسة أشخاص بحسب وكالة الأنباء الرسمية، ونفى الجيش أنه قصف المنطقة.",
    ] * 20
    serial = [quote_spans(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(quote_spans, texts)) == serial


def test_evaluation_counts_finds_in_articles_read_without_instances():
    gold = pd.DataFrame(
        {
            "id": ["a", "b"],
            "speaker_start": [5, -1],
            "speaker_end": [9, -1],
            "quote_start": [10, -1],
            "quote_end": [40, -1],
        }
    )
    found = pd.concat([gold.iloc[:1], gold.iloc[:1].assign(id="b"), gold.iloc[:1].assign(id="c")])
    scores = evaluate_quotes(found, gold)
    # the find in b counts against precision, the one in c (not read) is ignored
    assert (scores["labelled"], scores["found"], scores["speaker_precision"], scores["speaker_recall"]) == (
        1,
        2,
        0.5,
        1,
    )


def test_evaluation_pairs_a_verb_and_its_attribution_by_their_speakers():
    # وقال الوزير إن "…"، وفقا لما نقلته الوكالة: the minister (5:9) and the agency (60:66),
    # labelled with slightly different contents; both found right, in the other order
    gold = pd.DataFrame(
        {
            "id": ["a", "a"],
            "speaker_start": [5, 60],
            "speaker_end": [9, 66],
            "quote_start": [12, 10],
            "quote_end": [40, 40],
        }
    )
    found = gold.iloc[::-1].assign(quote_start=12)
    scores = evaluate_quotes(found, gold)
    assert (scores["matched"], scores["speaker_precision"], scores["speaker_recall"]) == (2, 1.0, 1.0)
    # a wrong speaker is still wrong
    assert evaluate_quotes(found.assign(speaker_start=70, speaker_end=75), gold)["speaker_precision"] == 0.0


def test_bad_input_is_named_and_empty_texts_are_skipped():
    with pytest.raises(ValueError, match="no 'text' column"):
        quotes(pd.DataFrame({"id": [1]}), progress=False)
    found = quotes(frame("", "وقال الوزير إن الميزانية أقرت."), progress=False)
    assert found["id"].tolist() == ["a1"]


def test_voices_counts_and_shares_per_outlet_and_period():
    texts = [
        "وقال وزير الخارجية الأمريكي جون كيري إن المفاوضات مستمرة. وأضاف أن الوفد سيعود.",
        "وقال المتحدث باسم المعارضة إن الانتخابات مزورة.",
        "وقالت الأمم المتحدة إن المساعدات وصلت.",
    ]
    q = pd.concat(
        [quotes(frame(*texts[:2]), progress=False), quotes(frame(texts[2], source="بي بي سي"), progress=False)]
    )
    table = voices(q, freq="M")
    sky = table[table["source"] == "سكاي"]
    assert sky[["speaker", "quotes", "share", "rank"]].values.tolist() == [
        ["جون كيري", 2, 2 / 3, 1],
        ["المتحدث باسم المعارضة", 1, 1 / 3, 2],
    ]
    assert set(table["period"]) == {pd.Timestamp("2018-05-01", tz="UTC")}
    groups = voices(q, level="group").set_index(["source", "group"])["quotes"].to_dict()
    assert groups == {("سكاي", "government"): 2, ("سكاي", "opposition"): 1, ("بي بي سي", "international bodies"): 1}
    with pytest.raises(ValueError, match="lacks the columns"):
        voices(q.drop(columns="source"))


def test_plot_voices_draws_shares_with_counts_for_outlets_and_periods(tmp_path):
    import matplotlib.pyplot as plt

    texts = [
        "وقال وزير الخارجية الأمريكي جون كيري إن المفاوضات مستمرة. وأضاف أن الوفد سيعود.",
        "وقال المتحدث باسم المعارضة إن الانتخابات مزورة.",
        "وقالت الأمم المتحدة إن المساعدات وصلت.",
    ]
    outlets = [f"منفذ {i}" for i in range(20)]  # twenty outlets, one quote each but the first
    q = pd.concat([quotes(frame(texts[i % 3], source=name), progress=False) for i, name in enumerate(outlets)])
    fig, ax = plt.subplots(figsize=(12, 4))
    plot_voices(voices(q, top=None), ax=ax, top=3)
    assert len(ax.get_xticklabels()) == 20 and len(ax.get_yticklabels()) == 3
    cells = [t.get_text() for t in ax.texts]
    assert cells.count("2") == 7 and cells.count("1") == 13  # كيري twice in 7 outlets
    image = ax.get_images()[0].get_array()
    assert image.max() == pytest.approx(100.0) and image.min() == 0.0  # a missing speaker is 0 %
    fig.savefig(tmp_path / "voices.png")
    plt.close(fig)
    timed = q.assign(published=pd.date_range("2018-01-01", periods=len(q), freq="10D", tz="UTC"))
    fig, ax = plt.subplots()
    plot_voices(voices(timed, by=None, freq="MS"), ax=ax)
    assert ax.get_xticklabels()[0].get_text() == "2018-01-01"
    plt.close(fig)
    with pytest.raises(ValueError, match="no such column"):
        plot_voices(voices(q), across="period")


@pytest.mark.parametrize(
    "path, floors",
    [
        # (speaker precision, recall, quote overlap) reached, minus a small margin, matched by
        # speaker first (see evaluate_quotes). All four were labelled again after the guide
        (LABELLED, (0.89, 0.79, 0.89)),  # 0.916, 0.814, 0.910
        (LABELLED2, (0.90, 0.85, 0.91)),  # 0.922, 0.870, 0.934
        (LABELLED3, (0.86, 0.75, 0.90)),  # 0.886, 0.773, 0.922
        (LABELLED4, (0.87, 0.77, 0.91)),  # 0.892, 0.797, 0.937
    ],
)
def test_quality_on_the_tuning_sets(ant_articles, path, floors):
    gold = pd.read_csv(path, sep="\t")
    assert len(gold[gold["quote_start"] >= 0]) >= 200 and gold["id"].str[:2].nunique() == 5
    articles = ant_articles[ant_articles["id"].isin(set(gold["id"]))].drop_duplicates("id")
    scores = evaluate_quotes(quotes(articles, catalog=EntityCatalog.default(), progress=False), gold)
    precision, recall, overlap = floors
    assert scores["speaker_precision"] >= precision, scores
    assert scores["speaker_recall"] >= recall, scores
    assert scores["quote_overlap"] >= overlap, scores


@pytest.mark.parametrize(
    "path, floors",
    [
        # (speaker precision, recall, quote overlap) reached, minus a small margin, matched by
        # speaker first. The fifth set was first measured blind at 0.804, 0.718 (0.782, 0.698
        # with the rules before it was labelled); the sixth at 0.909, 0.804 (0.903, 0.791)
        (HELDOUT3, (0.85, 0.75, 0.89)),  # 0.874, 0.779, 0.914
        (HELDOUT4, (0.79, 0.72, 0.92)),  # 0.817, 0.745, 0.946
        (HELDOUT5, (0.79, 0.71, 0.91)),  # 0.819, 0.734, 0.934
        (HELDOUT6, (0.88, 0.78, 0.92)),  # 0.909, 0.809, 0.943
    ],
)
def test_quality_on_the_held_out_ant_articles(ant_articles, path, floors):
    """The honest figures: articles the rules were not tuned on, labelled by reading without
    running them. Set by set they vary more than their size explains (0.82 to 0.91 precision):
    the articles differ; the pooled figure is the estimate (next test)."""
    gold = pd.read_csv(path, sep="\t")
    read = set(gold["id"])
    assert len(gold[gold["quote_start"] >= 0]) >= 190 and len(read) == 40
    seen = set().union(*(set(pd.read_csv(p, sep="\t")["id"]) for p in SETS if p != path))
    assert not read & seen  # no article is in two sets
    articles = ant_articles[ant_articles["id"].isin(read)].drop_duplicates("id")
    scores = evaluate_quotes(quotes(articles, catalog=EntityCatalog.default(), progress=False), gold)
    precision, recall, overlap = floors
    assert scores["speaker_precision"] >= precision, scores
    assert scores["speaker_recall"] >= recall, scores
    assert scores["quote_overlap"] >= overlap, scores


def test_quality_pooled_over_the_held_out_sets_reaches_the_aims(ant_articles):
    """Pooled over the four held-out sets (160 articles, 910 instances), the issue's aims are
    reached: speaker precision 0.855 (aim 0.85), recall 0.767 (aim 0.75), quote overlap 0.934
    (aim 0.8). The floors are those figures less a margin; the aims themselves are within the
    sampling error of this pool (about 0.025 either way)."""
    gold = pd.concat([pd.read_csv(p, sep="\t") for p in HELDOUTS], ignore_index=True)
    assert len(gold[gold["quote_start"] >= 0]) >= 900 and gold["id"].nunique() == 160
    articles = ant_articles[ant_articles["id"].isin(set(gold["id"]))].drop_duplicates("id")
    scores = evaluate_quotes(quotes(articles, catalog=EntityCatalog.default(), progress=False), gold)
    assert scores["speaker_precision"] >= 0.84, scores
    assert scores["speaker_recall"] >= 0.75, scores
    assert scores["quote_overlap"] >= 0.9, scores
