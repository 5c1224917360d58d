"""SessionsPlanner without a browser: controls -> plan -> same figure; refusals; fixes; save/load/export."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from course import exports
from course.planning import ClientEvent
from course.widgets.planner import BINDER_NOTE, SessionsPlanner

START = dt.date(2027, 3, 1)
WEDDING = ClientEvent("wedding", START + dt.timedelta(days=29), "Sam's wedding")


def planner(**values) -> SessionsPlanner:
    return SessionsPlanner(start_date=START, **values)


def artist_counts(w: SessionsPlanner) -> tuple[int, ...]:
    ax = w.figure.axes[0]
    return len(w.figure.axes), len(ax.lines), len(ax.collections), len(ax.texts)


def test_controls_are_labelled_and_classed():
    w = planner()
    assert "sessions-planner" in w._dom_classes
    assert "sessions-planner-start" in w.controls["start_date"]._dom_classes
    assert all(c.description for name, c in w.controls.items() if name not in ("events", "session_dates"))
    assert w.controls["depth_mm"].step == 0.25


def test_changing_controls_moves_the_same_figure():
    w = planner()
    figure, counts, image, text = w.figure, artist_counts(w), w.image.value, w.description.value
    assert len(w.result.sessions) == 4
    w.set_values(sessions=6, interval_weeks=5)
    assert len(w.result.sessions) == 6
    assert (w.result.session_dates[1] - w.result.session_dates[0]).days == 35
    assert w.figure is figure and artist_counts(w) == counts
    assert w.image.value != image and w.description.value != text
    w.controls["depth_mm"].value = 0.5
    assert w.result.band == "A"


def test_events_show_conflicts_with_fixes_and_applying_one_clears_it():
    w = planner()
    counts = artist_counts(w)
    w.controls["events"].value = (WEDDING,)
    assert [c.level for c in w.result.conflicts] == ["hard"]
    assert "Sam's wedding" in w.description.value or "Sam&#x27;s wedding" in w.description.value
    assert "Hard conflict" in w.details.value and "Apply" not in w.message_text
    assert w.fix_choice.options and not w.apply_fix.disabled
    assert artist_counts(w) == counts
    later = next(value for label, value in w.fix_choice.options if "later" in label)
    w.fix_choice.value = later
    w.apply_fix.click()
    assert w.result.conflicts == ()
    assert w.controls["session_dates"].value  # the moved dates are kept
    w.controls["interval_weeks"].value = 6  # editing the spacing drops the moved dates
    assert w.controls["session_dates"].value == ()


def test_event_list_add_and_remove_buttons():
    w = planner()
    events = w.controls["events"]
    events.add.click()
    assert "first day" in events.problem.value and w.result.request.events == ()
    events.kind.value, events.label.value = "beach_holiday", "Beach"
    events.day.value = START + dt.timedelta(days=3)
    events.add.click()
    assert w.result.request.events[0].type == "beach_holiday"
    assert w.result.conflicts[0].kind == "sun"
    events.listing.value = 0
    events.remove.click()
    assert w.result.request.events == ()


@pytest.mark.parametrize(("values", "words"), [
    ({"area": "nose", "depth_mm": 1.0}, "0.5 mm or less"),
    ({"interval_weeks": 2}, "at least 4 weeks"),
])
def test_refusals_show_inline_and_keep_the_previous_plan(values, words):
    w = planner()
    plan, image = w.result, w.image.value
    w.set_values(**values)
    assert words in w.message_text
    assert w.result is plan and w.image.value == image
    w.set_values(depth_mm=0.5, interval_weeks=4)
    assert w.message_text == "" and w.result is not plan


def test_save_and_load_through_the_widget(home):
    w = planner(events=(WEDDING,))
    w.name.value = "client a"
    path = w.save()
    assert path == home / "plans" / "client a.json" and "Saved" in w.status.value
    assert w.saved.options[0][0] == "client a"
    saved = w.result
    w.set_values(sessions=2, depth_mm=0.5)
    w.saved.value = str(path)
    w.load_selected()
    assert w.result == saved and w.message_text == ""


def test_save_never_overwrites_and_says_so():
    w = planner()
    w.name.value = "dup"
    path = w.save()
    before = path.read_text()
    w.set_values(sessions=5)
    assert w.save() is None
    assert "already saved" in w.status.value and "Saved as" not in w.status.value
    assert path.read_text() == before


def test_loading_a_broken_file_changes_nothing(home):
    w = planner()
    w.name.value = "broken"
    path = w.save()
    document = json.loads(path.read_text())
    document["request"]["depth_mm"] = 2.5
    path.write_text(json.dumps(document))
    plan, image = w.result, w.image.value
    w.saved.value = str(path)
    w.load_selected()
    assert "not allowed" in w.status.value
    assert w.result is plan and w.image.value == image


def test_exports_give_download_links_and_the_binder_note():
    w = planner(events=(WEDDING,))
    w.buttons["Export .ics"].click()
    assert re.search(r'download="my plan\.ics" href="data:text/calendar;base64,', w.downloads.value)
    w.buttons["Export CSV"].click()
    assert 'download="my plan.csv"' in w.downloads.value
    assert any(BINDER_NOTE.split(":")[0] in getattr(c, "value", "") for c in w.children[-1].children)
    assert exports.plan_to_csv(w.result).startswith("item,session")


def test_worked_example_has_the_two_hard_conflicts_the_lesson_discusses():
    from course.widgets.planner import worked_example

    w = worked_example()
    assert [(c.session_number, c.kind, c.level) for c in w.result.conflicts] == [
        (2, "social", "hard"), (3, "sun", "hard")]
    assert "on the day of" in w.result.conflicts[0].text


def test_apply_fix_preselects_the_first_fix_and_never_does_nothing_silently():
    from course.widgets.planner import worked_example

    w = worked_example()
    assert w.fix_choice.value == w.fix_choice.options[0][1]  # never a blank box with fixes to offer
    w.fix_choice.value = None
    w.apply_fix.click()
    assert "Choose a fix" in w.fix_note.value
    w.fix_choice.value = w.fix_choice.options[0][1]
    before = w.result
    w.apply_fix.click()
    assert w.result != before and "Applied" in w.fix_note.value


def test_events_run_from_a_first_to_a_last_day():
    w = planner()
    events = w.controls["events"]
    events.kind.value = "beach_holiday"
    events.day.value, events.last_day.value = START + dt.timedelta(days=20), START + dt.timedelta(days=10)
    events.add.click()
    assert "before" in events.problem.value and w.result.request.events == ()
    events.last_day.value = START + dt.timedelta(days=34)
    events.add.click()
    event = w.result.request.events[0]
    assert (event.date, event.end_date) == (START + dt.timedelta(days=20), START + dt.timedelta(days=34))
    assert " – " in events.listing.options[0][0]


def test_saved_plans_list_refreshes_in_every_planner(home):
    first, second = planner(), planner()
    first.name.value = "Amira's plan: v1?"
    path = first.save()
    assert str(path) in [v for _, v in second.saved.options]
    assert "characters a file name cannot hold were replaced" in first.status.value
    path.unlink()
    second.load_selected()
    assert "no saved plan" in second.status.value


def test_event_labels_never_sit_under_the_maintenance_box():
    from course.widgets.planner import worked_example

    w = worked_example()
    renderer = w.figure.canvas.get_renderer()
    box = w.artists.maintenance_label.get_window_extent(renderer)
    labels = [t for t in w.artists.event_labels if t.get_visible()]
    assert [t.get_text() for t in labels] == ["Sister's wedding", "Beach holiday"]
    assert not any(t.get_window_extent(renderer).overlaps(box) for t in labels)


@pytest.mark.parametrize(("name", "typed", "words"), [
    ("depth_mm", 25.0, "Needle depth must be"), ("sessions", 0, "Number of sessions"),
    ("interval_weeks", 400, "Interval between sessions"),
])
def test_typed_numbers_are_refused_in_words_never_clamped(name, typed, words):
    w = planner()
    plan = w.result
    w.set_values(**{name: typed})
    assert w.controls[name].value == typed and words in w.message_text and str(int(typed)) in w.message_text
    assert w.result is plan


def test_the_figure_grows_with_its_events_and_nothing_is_clipped():
    import io

    from matplotlib.text import Text
    from PIL import Image

    w = planner(events=(WEDDING,))
    height, png_height = w.figure.get_figheight(), Image.open(io.BytesIO(w.image.value)).height
    day = START + dt.timedelta(days=30)
    w.controls["events"].value = (WEDDING, *(ClientEvent("wedding", day + dt.timedelta(days=k), f"Party {k}")
                                             for k in range(5)))
    assert w.figure.get_figheight() > height
    assert Image.open(io.BytesIO(w.image.value)).height > png_height  # the frame on screen grew too
    w.full_render()  # every artist drawn in the layout on screen
    renderer = w.figure.canvas.get_renderer()
    shown = [t for t in w.figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert {f"Party {k}" for k in range(5)} <= {t.get_text() for t in shown}
    for text in shown:
        box = text.get_window_extent(renderer)
        assert w.figure.bbox.padded(1).contains(box.x0, box.y0), text.get_text()
        assert w.figure.bbox.padded(1).contains(box.x1, box.y1), text.get_text()
    w.controls["events"].value = (WEDDING,)  # back to a memoised frame: its own height
    assert Image.open(io.BytesIO(w.image.value)).height == png_height


def test_the_sentence_names_each_event_with_its_days():
    holiday = ClientEvent("beach_holiday", START + dt.timedelta(days=40), "Beach holiday",
                          START + dt.timedelta(days=46))
    w = planner(events=(WEDDING, holiday))
    assert "Sam&#x27;s wedding on 30 Mar 2027" in w.description.value
    assert "Beach holiday 10 Apr 2027 – 16 Apr 2027 (7 days)" in w.description.value
    assert "no client events" in planner().description.value
