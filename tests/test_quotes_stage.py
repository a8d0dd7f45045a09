"""The quotes stage on hand-built documents: kinds, content spans, cues, speakers and their entities."""

from __future__ import annotations

from rasad.records import Doc, Entity, RawArticle, Span, Text
from rasad.resources import Resources
from rasad.stages.quotes import extract_quotes, quotes
from rasad.stages.tokenize import split_sentences, tokenize_text


def _entity(text: str, eid: str, etype: str, *names: str) -> Entity:
    """An entity with a mention at every occurrence of each of its names."""
    spans = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append(Span(start, start + len(name), name))
            start = text.find(name, start + 1)
    return Entity(eid, etype, names[0], None, None, tuple(sorted(spans, key=lambda s: s.start)))


def _doc(text: str, entities: tuple[Entity, ...] = ()) -> Doc:
    return Doc(
        raw=RawArticle(text=text),
        text=Text(text),
        sentences=split_sentences(text),
        tokens=tokenize_text(text),
        entities=entities,
    )


def _quotes(text: str, entities: tuple[Entity, ...] = ()):
    return extract_quotes(_doc(text, entities), Resources())


def test_quotes_stage_direct_quote_after_colon_cue():
    found = _quotes("دیمیتریف گفت: «مذاکرات سازنده است. فردا ادامه خواهد یافت.»")
    assert len(found) == 1
    q = found[0]
    assert (q.kind, q.cue, q.speaker.text) == ("direct", "گفت", "دیمیتریف")
    assert q.text == "مذاکرات سازنده است. فردا ادامه خواهد یافت."  # multi-sentence, no «»


def test_quotes_stage_offsets_point_into_the_text():
    text = "مقدمه خبر.\nیک مقام کاخ سفید گفت که مذاکرات برای امروز به پایان رسیده است."
    for q in _quotes(text):
        assert text[q.start : q.end] == q.text


def test_quotes_stage_indirect_quote_drops_cue_and_complementizer():
    (q,) = _quotes("رستم عمروف، مذاکره‌کننده ارشد اوکراین، گفت که تیم‌ها بر ادامه تلاش‌ها توافق کردند.")
    assert q.kind == "indirect"
    assert q.text == "تیم‌ها بر ادامه تلاش‌ها توافق کردند"
    assert q.speaker.text == "رستم عمروف"


def test_quotes_stage_quote_before_its_speaker():
    (q,) = _quotes("«ما عجله‌ای برای این مذاکرات نداریم»، او گفت.")
    assert q.kind == "direct" and q.text == "ما عجله‌ای برای این مذاکرات نداریم"


def test_quotes_stage_links_title_and_name_to_the_entity():
    text = "مارکو روبیو، وزیر خارجه آمریکا گفته بود که ممکن است او نیز به مذاکرات بپیوندد."
    entities = (
        _entity(text, "e1", "PER", "مارکو روبیو"),
        _entity(text, "e2", "LOC", "آمریکا"),
    )
    (q,) = _quotes(text, entities)
    assert q.speaker.entity == "e1" and q.cue == "گفته بود"


def test_quotes_stage_place_inside_a_role_is_not_the_speaker():
    # "وزیر خارجه آمریکا" is a person described by role; the United States is not speaking.
    text = "وزیر خارجه آمریکا گفت که مذاکرات ادامه خواهد داشت."
    (q,) = _quotes(text, (_entity(text, "e1", "LOC", "آمریکا"),))
    assert q.speaker.entity is None and q.speaker.text == "وزیر خارجه آمریکا"


def test_quotes_stage_pronoun_resolves_to_previous_speaker():
    text = "کوفی عنان گفت که جامعه جهانی در کنار هائیتی خواهد ماند.\nوی افزود: «ما بسیار سریع عمل کردیم.»"
    entities = (_entity(text, "e1", "PER", "کوفی عنان"),)
    first, second = _quotes(text, entities)
    assert second.speaker.entity == "e1" and second.speaker.text == "کوفی عنان"
    assert second.kind == "direct"


def test_quotes_stage_pronoun_resolves_to_a_person_who_said_nothing_yet():
    # The antecedent is the subject of a sentence that quotes no one.
    text = "محمد البرادعی خواستار بازگشت بازرسان شد.\nوی افزود: «بسیار امیدوارم که طرفین به مذاکرات بازگردند.»"
    (q,) = _quotes(text, (_entity(text, "e7", "PER", "محمد البرادعی"),))
    assert q.speaker.entity == "e7"


def test_quotes_stage_zero_subject_after_coordination():
    text = "عمروف در تلگرام نوشت: «ما با شرکای خود بر گام‌های بعدی توافق کردیم» و افزود که او زلنسکی را مطلع کرده است."
    entities = (_entity(text, "e3", "PER", "عمروف", "زلنسکی"),)
    first, second = _quotes(text, entities)
    assert (first.kind, first.cue) == ("direct", "نوشت")
    assert (second.kind, second.cue, second.text) == ("indirect", "افزود", "او زلنسکی را مطلع کرده است")
    assert second.speaker.text == "عمروف"


def test_quotes_stage_unnamed_source_keeps_phrase_with_null_entity():
    text = "یک منبع روسی به رویترز گفت که هرگونه دیدار با مذاکره‌کنندگان رد شده است."
    (q,) = _quotes(text, (_entity(text, "e9", "ORG", "رویترز"),))
    assert q.speaker.entity is None and q.speaker.text == "یک منبع روسی"


def test_quotes_stage_news_agency_attribution_is_not_the_speaker():
    text = "به گزارش رویترز، سخنگوی دولت اعلام کرد که نشست به تاخیر افتاده است."
    (q,) = _quotes(text, (_entity(text, "e9", "ORG", "رویترز"),))
    assert q.speaker.entity is None
    assert "رویترز" not in q.speaker.text


def test_quotes_stage_according_to_phrase():
    (q,) = _quotes("به گفته پلیس عراق، عبور و مرور خودروها در شهر ممنوع اعلام شده است.")
    assert q.kind == "indirect" and q.speaker.text == "پلیس عراق"
    assert q.text.startswith("عبور و مرور")


def test_quotes_stage_cue_without_complementizer():
    (q,) = _quotes("کییف می‌گوید زمینی را که نیروهای مسکو تصرف نکرده‌اند واگذار نخواهد کرد.")
    assert (q.speaker.text, q.cue) == ("کییف", "می‌گوید")


def test_quotes_stage_cue_at_sentence_end_is_no_quote():
    # The content precedes the verb ("X را Y اعلام کرد"): nothing after the cue to quote.
    assert _quotes("پلیس عراق حمله اول را یک حمله انتحاری اعلام کرد.") == ()


def test_quotes_stage_negated_cue_is_no_quote():
    assert _quotes("کاخ سفید نگفت که مذاکرات به پایان رسیده است.") == ()


def test_quotes_stage_name_in_guillemets_is_not_a_quote():
    (q,) = _quotes("«المنجی» ادامه داد: این امر به اسرائیل اجازه می‌دهد تا کنترل خود را تحمیل کند.")
    assert q.speaker.text == "المنجی" and q.kind == "indirect"


def test_quotes_stage_headline_quote_needs_a_named_speaker():
    text = "گورباچف: ابرقدرت بودن آمریکا توهم است\nمتن خبر در اینجا می‌آید."
    assert _quotes(text) == ()  # without an entity the prefix could be any label ("نکته: …")
    (q,) = _quotes(text, (_entity(text, "e1", "PER", "گورباچف"),))
    assert (q.kind, q.speaker.entity, q.text) == ("direct", "e1", "ابرقدرت بودن آمریکا توهم است")


def test_quotes_stage_description_names_the_previous_speaker():
    text = (
        "کوفی عنان، دبیر کل سازمان ملل گفت که جامعه جهانی در کنار هائیتی می‌ماند.\n"
        "دبیر کل سازمان ملل تاکید کرد: «ما بسیار سریع عمل کردیم.»"
    )
    _, second = _quotes(text, (_entity(text, "e1", "PER", "کوفی عنان"),))
    assert second.speaker.entity == "e1"


def test_quotes_stage_new_role_is_a_new_speaker():
    # The last speaker was introduced with another role: the police chief is someone else.
    text = (
        "ژنرال محمد عظیمی، سخنگوی وزارت دفاع گفت: راننده اتوبوس کشته شد.\n"
        "رئیس پلیس کابل گفت هدف بمب‌گذاری نیروهای ارتش بودند."
    )
    _, second = _quotes(text, (_entity(text, "e1", "PER", "محمد عظیمی"),))
    assert second.speaker.entity is None and second.speaker.text == "رئیس پلیس کابل"


def test_quotes_stage_runs_with_no_entities_layer():
    doc = _doc("وی گفت که مذاکرات ادامه دارد و به نتیجه خواهد رسید.").with_layers(entities=None)
    out = quotes(doc, Resources())
    assert out.quotes is not None and len(out.quotes) == 1


def test_quotes_stage_keeps_news_agency_as_source_not_speaker() -> None:
    from rasad.pipeline import Pipeline
    from rasad.records import RawArticle

    text = "به گزارش رویترز، وزیر خارجه روسیه گفت که مذاکرات ادامه دارد. او افزود که نتیجه مهم است."
    first, second = Pipeline.build().run(RawArticle(text=text, published="2025-01-01")).quotes
    assert first.speaker.text == "وزیر خارجه روسیه" and first.source == "رویترز"
    assert second.source is None  # the attribution belongs to its own sentence only
