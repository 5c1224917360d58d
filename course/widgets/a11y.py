"""What ipywidgets 8 offers no trait for: slider names, spoken figure descriptions, figure `alt`, focus.

ipywidgets 8.1 draws a slider as a noUiSlider `div role="slider"` beside a `<label>` that is not tied
to it (a `<label for>` names only native inputs, and no trait reaches the handle's attributes), so a
screen reader hears a bare number. Its `Image` has no `alt` trait, and its `tooltip` (which would be
the `img`'s title) breaks the view in 8.1.9 (the base view reads the missing `description`; the
figure shows "Error displaying widget"). An `HTML` widget's content is replaced wholesale, so markup
inside it cannot be a live region that announces changes. So this script fixes the DOM where the
widgets are drawn, in JupyterLab (an `application/javascript` output, run because outputs made in
the session are trusted) and in the static site (nbconvert keeps the same output as a `<script>`):
- each slider handle gets `aria-labelledby` its visible label (the label is its name);
- each course widget's `.course-description` (its one sentence about the figure) becomes a polite
  live region, set on the element that persists, so every new sentence is announced;
- each course figure `img` gets `alt` = that sentence, kept in step as it changes;
- course CSS: a visible focus ring (3:1 or more on white), underlined links in course outputs.
"""

from __future__ import annotations

import json

from IPython.display import Javascript, display

FOCUS_COLOUR = "#0072B2"  # Okabe–Ito blue, 5.1:1 on white

COURSE_CSS = f"""
.course-widget :focus-visible, .jp-OutputArea-output .noUi-handle:focus {{
  outline: 3px solid {FOCUS_COLOUR}; outline-offset: 2px; }}
.jp-OutputArea-output a:link, .jp-OutputArea-output a:visited {{
  text-decoration: underline !important; }}  /* JupyterLab's a:link sets none */
/* Button colours with white text at 4.5:1 or more (ipywidgets' warning is 2.7, success 4.1, info 3.9). */
.course-widget .jupyter-button.mod-warning {{ background-color: #b45309; }}
.course-widget .jupyter-button.mod-success {{ background-color: #2e7d32; }}
.course-widget .jupyter-button.mod-info {{ background-color: #0277bd; }}
.course-widget .jupyter-button.mod-danger {{ background-color: #c62828; }}
"""

A11Y_JS = """
(function () {
  const css = %(css)s;
  if (!document.getElementById('course-a11y-style')) {
    const style = document.createElement('style');
    style.id = 'course-a11y-style';
    style.textContent = css;
    document.head.appendChild(style);
  }
  if (window.courseA11y) { window.courseA11y.scan(document.body); return; }
  let next = 0;
  const SLIDERS = '.widget-slider, .widget-hslider, .widget-vslider';
  function nameSlider(slider) {
    const label = slider.querySelector(':scope > .widget-label');
    const text = label ? label.textContent.trim() : '';
    if (!text) return;
    if (!label.id) label.id = 'course-label-' + (next += 1);
    const handles = slider.querySelectorAll('.noUi-handle');
    handles.forEach((handle, i) => {
      if (handles.length === 1) handle.setAttribute('aria-labelledby', label.id);
      else handle.setAttribute('aria-label', text + (i === 0 ? ' (from)' : ' (to)'));
    });
  }
  // ipywidgets 8 draws RadioButtons as inputs with no shared name: each is its own group, so arrows
  // do nothing and JupyterLab takes ArrowUp/Down to move between cells. A shared name makes them one
  // native group (Tab enters once, arrows choose); the label names the group.
  function groupRadios(box) {
    if (!box.dataset.courseGroup) {
      box.dataset.courseGroup = 'course-radio-' + (next += 1);
      box.setAttribute('role', 'radiogroup');
      keepKeys(box);
      const label = box.parentElement && box.parentElement.querySelector(':scope > .widget-label');
      if (label && label.textContent.trim()) {
        if (!label.id) label.id = 'course-label-' + (next += 1);
        box.setAttribute('aria-labelledby', label.id);
      }
    }
    box.querySelectorAll('input[type="radio"]').forEach((r) => { r.name = box.dataset.courseGroup; });
  }
  // JupyterLab's notebook takes ArrowUp/Down (and cancels them) to move between cells even when a
  // list, number box or radio button in an output has focus, so the control never changes: keys
  // meant for a focused control stay with it.
  const CONTROL_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End',
                        'PageUp', 'PageDown'];
  function keepKeys(widget) {
    if (widget.dataset.courseKeys) return;
    widget.dataset.courseKeys = '1';
    widget.addEventListener('keydown', (event) => {
      const t = event.target;
      if (CONTROL_KEYS.includes(event.key) && t.matches('input, select, textarea, [role="slider"]')) {
        event.stopPropagation();
      }
    });
  }
  function altFromDescription(widget) {
    const desc = widget.querySelector(':scope > .course-description');
    const img = widget.querySelector(':scope > .widget-image, :scope > img');
    const text = desc ? desc.innerText.trim() : '';
    if (img && text && img.getAttribute('alt') !== text) img.setAttribute('alt', text);
  }
  function scan(root) {
    if (!root || root.nodeType !== 1) return;
    const all = (sel) => [...(root.matches(sel) ? [root] : []), ...root.querySelectorAll(sel)];
    all(SLIDERS).forEach(nameSlider);
    all('.widget-radio-box').forEach(groupRadios);
    all('.course-description').forEach((el) => {
      el.setAttribute('aria-live', 'polite');
      el.setAttribute('aria-atomic', 'true');
    });
    all('.course-widget').forEach((w) => { altFromDescription(w); keepKeys(w); });
    const owner = root.closest && root.closest('.course-widget');
    if (owner) altFromDescription(owner);
  }
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target;
      record.addedNodes.forEach(scan);
      if (target.classList && target.classList.contains('widget-label')) scan(target.parentElement);
      if (target.classList && target.classList.contains('widget-radio-box')) groupRadios(target);
      const desc = target.closest && target.closest('.course-description');
      if (desc && desc.parentElement) altFromDescription(desc.parentElement);
    }
  });
  observer.observe(document.body, {subtree: true, childList: true});
  window.courseA11y = {scan};
  scan(document.body);
})();
"""


def a11y_script() -> Javascript:
    """The script above with the course CSS (idempotent: a second run only rescans the page)."""
    return Javascript(A11Y_JS % {"css": json.dumps(COURSE_CSS)})


def display_a11y() -> None:
    """Display the script as an output (JupyterLab runs it; the static site keeps it as `<script>`)."""
    display(a11y_script())
