"""A printable client aftercare handout, generated from the same data as the lesson.

`client_handout` returns one self-contained HTML page (no scripts, no external fonts or
images) whose print CSS fits A4 and Letter; `save_handout` writes it to the learner's user
folder without overwriting, and `handout_preview` shows it in a notebook with a download
link (a data URI, so it also works on Binder where the user folder is out of reach).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
from dataclasses import dataclass
from pathlib import Path

from course import aftercare
from course.data import CourseData, load
from course.errors import InvalidInput
from course.time_labels import date_label
from course.userdir import atomic_write_text, user_dir

NOTICE = "This handout is for education; follow your practitioner's advice."

PRINT_CSS = """
@page { size: auto; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       font-size: 12pt; line-height: 1.4; color: #111; background: #fff; margin: 0 auto;
       max-width: 180mm; padding: 8mm 4mm; overflow-wrap: break-word; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
p, li { margin: 1mm 0; }
ul { padding-left: 5mm; }
ul.steps { list-style: none; padding-left: 0; }
li { break-inside: avoid; }
.tag { display: inline-block; font-weight: bold; padding: 0 1mm; border: 1px solid; margin-right: 1mm;
       line-height: 1.15; }
.do .tag { color: #005a8c; border-color: #0072B2; }
.avoid .tag { color: #9c3d00; border-color: #D55E00; }
.notice { border: 2px solid #111; padding: 2mm 3mm; font-weight: bold; margin: 3mm 0; }
.meta { color: #333; }
.blank { display: inline-block; min-width: 50mm; border-bottom: 1px solid #111; }
@media print {
  /* One page on A4 and on Letter at a size a client can read (tests/browser/test_handout_one_page.py
     prints the longest handout and checks both, and that no text is under 9 pt). */
  @page { margin: 10mm; }
  body { font-size: 10pt; line-height: 1.17; max-width: none; padding: 0; }
  h1 { font-size: 14pt; margin: 0 0 0.5mm; }
  h2 { font-size: 11.5pt; margin: 1.6mm 0 0.6mm; }
  p, li { margin: 0.3mm 0; }
  ul { margin: 0.3mm 0; padding-left: 4mm; }
  ul.steps { padding-left: 0; }
  .notice { margin: 1mm 0; padding: 0.6mm 2mm; }
  main ul { column-count: 2; column-gap: 6mm; }
  a { color: inherit; text-decoration: none; }
}
"""


def _parse_date(session_date: dt.date | str | None) -> dt.date | None:
    if session_date is None or isinstance(session_date, dt.date):
        return session_date.date() if isinstance(session_date, dt.datetime) else session_date
    try:
        return dt.date.fromisoformat(str(session_date))
    except ValueError:
        pass
    typed = str(session_date).strip()
    order = (" could be read as day/month or month/day, so" if typed.count("/") == 2 or typed.count(".") == 2
             else " is not a date the course can read;")
    raise InvalidInput("session_date", f"The session date {typed!r}{order} type it as year-month-day, "
                                       "for example \"2025-03-03\".")


def _until(hours: float, session: dt.date | None) -> str:
    """'1 day after' plus the calendar date when the session date is known."""
    label = aftercare.hours_label(hours)
    if label == "ongoing":
        return "keep going"
    text = f"{label} after"
    if session is not None and hours >= aftercare.HOURS_PER_DAY:
        text += f" ({_day(session, math.ceil(hours / aftercare.HOURS_PER_DAY))})"
    return text


def _day(session: dt.date, days: float) -> str:
    """The calendar date `days` after the session, in bold (HTML)."""
    return f"<b>{date_label(session + dt.timedelta(days=days))}</b>"


def _when(step: aftercare.StepWindow, session: dt.date | None) -> str:
    start = "Straight away" if step.start_h == 0 else f"From {aftercare.hours_label(step.start_h)} after"
    if aftercare.hours_label(step.end_h) == "ongoing":
        return f"{start}, and keep going"
    return f"{start} until {_until(step.end_h, session)}"


def _item(item: aftercare.StepWindow | aftercare.Restriction, when: str) -> str:
    """One step as a list item: DO or AVOID (a word, not only a colour), until when (HTML), what."""
    action = "avoid" if isinstance(item, aftercare.Restriction) else item.action
    e = html.escape
    return (f'<li class="{action}"><span class="tag">{"DO" if action == "do" else "AVOID"}</span> '
            f'<b>{e(item.title)}</b>: <span class="when">{when}</span>. {e(item.what)}</li>')


def _avoid_when(r: aftercare.Restriction, session: dt.date | None) -> str:
    text = f"Until {_until(r.end_h, session)}"
    if r.end_max_h > r.end_h:
        text += f"; some clinics: up to {aftercare.hours_label(r.end_max_h)}"
    return text


def _items(texts: tuple[aftercare.SourcedText, ...]) -> str:
    return "".join(f"<li>{html.escape(t.text)}</li>" for t in texts)


def client_handout(depth_mm: float, fitzpatrick_type: int, session_date: dt.date | str | None = None,
                   clinic_name: str = "", data: CourseData | None = None) -> str:
    """A complete, printable HTML aftercare page for one client (plain language, no external files)."""
    data = data or load()
    session = _parse_date(session_date)
    snap = aftercare.steps_at(0, depth_mm, fitzpatrick_type, data)
    pih = aftercare.pih_risk(fitzpatrick_type, data)
    band = data.depth_bands[snap.band]
    e = html.escape
    steps = {s.step_id: s for s in snap.steps if s.applies}
    do_items = [_item(s, _when(s, session)) for s in steps.values()
                if s.action == "do" and s.category != "warning"]
    warnings = [s for s in steps.values() if s.category == "warning"]
    avoid_items = [_item(r, _avoid_when(r, session)) for r in snap.restrictions]
    sun_days = aftercare.sun_window_h(depth_mm, fitzpatrick_type, data) / aftercare.HOURS_PER_DAY
    pressure_min = data.parameters["bleeding_pressure_minutes"].value
    clinic = e(clinic_name.strip()) if clinic_name.strip() else "your clinic"
    title = "Your microneedling aftercare"
    date_text = date_label(session) if session else '<span class="blank"></span>'
    watch = "".join(f"<b>{e(s.title)}.</b> " for s in warnings)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{PRINT_CSS}</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p class="meta">Clinic: <b>{clinic}</b> &middot; Treatment date: <b>{date_text}</b><br>
Depth: <b>{e(band.label.lower())}</b> ({depth_mm:g} mm) &middot;
Skin type: <b>Fitzpatrick {e(pih.label.removeprefix("Type "))}</b></p>
<p class="notice">{e(NOTICE)}</p>

<h2>What is normal</h2>
<p>Your skin may feel like mild sunburn: warm, pink and tight. Redness usually settles within about
{band.redness_days:g} day{"s" if band.redness_days != 1 else ""}; tiny marks may show for a day or two.
Ease light oozing of clear fluid in the first hours with a clean cool compress. Bleeding that starts
again and does not stop after {pressure_min:g} minutes of firm pressure is a reason to call the clinic.</p>

<h2>What to do</h2>
<ul class="steps">{"".join(do_items)}</ul>

<h2>What to avoid, and until when</h2>
<ul class="steps">{"".join(avoid_items)}</ul>

<h2>Sun and your skin type</h2>
<p>{e(pih.explanation)} Stay out of direct sun for <b>{sun_days:g} days</b>{
    f" (until {_day(session, sun_days)})" if session else ""}: inflamed skin can darken
(post-inflammatory hyperpigmentation), and dark patches can take months to clear.</p>
<ul>{_items(pih.prevention)}</ul>

<h2>When to call the clinic</h2>
<p>{watch}Call the clinic promptly if you notice:</p>
<ul>{_items(aftercare.warning_signs(data))}</ul>
<p>Clinic phone: <span class="blank"></span> &nbsp; If you feel very unwell, seek urgent medical care.
Swelling of the lips, tongue or throat, or trouble breathing: call the emergency number now.</p>
</main>
</body>
</html>
"""


def _file_name(depth_mm: float, fitzpatrick_type: int, session_date: dt.date | str | None) -> str:
    band = aftercare.steps_at(0, depth_mm, fitzpatrick_type).band
    session = _parse_date(session_date)
    when = session.isoformat() if session else "undated"  # ISO in file names: they sort by date
    return f"aftercare-{when}-band{band}-type{fitzpatrick_type}"


def download_link(page: str, filename: str, text: str = "Download the handout (HTML)") -> str:
    """An `<a download>` link carrying the page as a data URI (works on Binder, no server files)."""
    payload = base64.b64encode(page.encode("utf-8")).decode("ascii")
    return (f'<a class="handout-download" download="{html.escape(filename)}" '
            f'href="data:text/html;charset=utf-8;base64,{payload}">{html.escape(text)}</a>')


@dataclass(frozen=True)
class SavedHandout:
    """Where a handout was saved, and a download link for it."""

    path: Path
    link_html: str

    def _repr_html_(self) -> str:
        return f"<p>Saved to <code>{html.escape(str(self.path))}</code>. {self.link_html}</p>"


def save_handout(depth_mm: float, fitzpatrick_type: int, session_date: dt.date | str | None = None,
                 clinic_name: str = "", folder: Path | None = None) -> SavedHandout | HandoutProblem:
    """Write the handout to the user folder (`handouts/`), never replacing an existing file; bad input
    gives a `HandoutProblem` (one sentence) instead."""
    return _handout_or_problem(lambda: _save(depth_mm, fitzpatrick_type, session_date, clinic_name, folder))


def _save(depth_mm: float, fitzpatrick_type: int, session_date: dt.date | str | None,
          clinic_name: str, folder: Path | None) -> SavedHandout:
    page = client_handout(depth_mm, fitzpatrick_type, session_date, clinic_name)
    folder = Path(folder) if folder is not None else user_dir("handouts")
    stem = _file_name(depth_mm, fitzpatrick_type, session_date)
    for n in range(1, 1000):
        path = folder / (f"{stem}.html" if n == 1 else f"{stem}-{n}.html")
        try:
            atomic_write_text(path, page)
        except FileExistsError:
            continue
        return SavedHandout(path, download_link(page, path.name))
    raise FileExistsError(f"Too many handouts named {stem}-*.html in {folder}; tidy the folder.")


@dataclass(frozen=True)
class HandoutProblem:
    """What a learner sees instead of a traceback when a handout call gets input it cannot use."""

    message: str

    def __repr__(self) -> str:
        return f"No handout was made. {self.message}"

    def _repr_html_(self) -> str:
        return ('<div class="handout-problem course-message-text" role="alert" style="border-left:4px solid '
                f'#D55E00;padding:4px 8px"><b>No handout was made.</b> {html.escape(self.message)}</div>')


def _handout_or_problem(make):
    """Run a learner-facing handout call; bad input becomes one plain sentence, never a traceback."""
    try:
        return make()
    except InvalidInput as exc:
        return HandoutProblem(str(exc))
    except (TypeError, ValueError):
        return HandoutProblem("Give the depth in mm (e.g. 1.0), the Fitzpatrick type as a whole number "
                              "from 1 to 6, and the date as year-month-day (e.g. \"2025-03-03\").")


@dataclass(frozen=True)
class HandoutPreview:
    """A notebook preview of the handout (framed, as it will print) with a download link."""

    page: str
    filename: str

    def _repr_html_(self) -> str:
        frame = html.escape(self.page, quote=True)
        return (f'<div class="handout-preview"><p>{download_link(self.page, self.filename)} '
                "&middot; open it in a browser and print (A4 or Letter).</p>"
                f'<iframe title="Client aftercare handout preview" srcdoc="{frame}" '
                'style="width:100%;height:520px;border:1px solid #999"></iframe></div>')


def handout_preview(depth_mm: float, fitzpatrick_type: int, session_date: dt.date | str | None = None,
                    clinic_name: str = "") -> HandoutPreview | HandoutProblem:
    """Show the handout in a notebook with a download link (nothing is written to disk); bad input
    gives a `HandoutProblem` (one sentence) instead."""
    return _handout_or_problem(lambda: HandoutPreview(
        client_handout(depth_mm, fitzpatrick_type, session_date, clinic_name),
        _file_name(depth_mm, fitzpatrick_type, session_date) + ".html"))

