"""The SolaraViz page without a browser: solara.render, the views' drawings, the launcher."""

from __future__ import annotations

import datetime as dt
import re
import socket

import ipyvuetify as v
import ipywidgets
import pytest
import solara
from mesa.visualization import solara_viz
from solara.components.title import TitleWidget

from sim.core.stance import OUTSIDE
from sim.registry import parameters
from sim.run.runner import build_model
from sim.scenario import ScenarioError, bundled_scenarios, load_scenario
from sim.viz import app as viz_app
from sim.viz import server
from sim.viz.app import Page, VizRun, initial_values, model_params, moved_sliders
from sim.viz.views.common import TONE_COLOURS, format_date
from sim.viz.views.geography import front_position
from sim.viz.views.map import MapCanvas, map_signature
from sim.viz.views.network import NetworkCanvas
from sim.viz.views.page import series_rows
from sim.viz.views.timeseries import TimeSeriesCanvas

PNG = b"\x89PNG\r\n\x1a\n"


@solara.component
def _InLayout() -> None:
    """The page as solara-server shows it: inside an AppLayout (the sidebar needs one)."""
    with solara.AppLayout():
        Page()


def _html(rc) -> str:
    return "\n".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)


def _texts(rc) -> str:
    return "\n".join(
        str(c)
        for w in rc.find(v.Html, tag="span").widgets
        for c in (w.children or [])
        if isinstance(c, str)
    )


def _button(rc, label: str):
    return rc.find(v.Btn, children=[label]).widget


def _date(day: int, scenario: str = "baseline") -> str:
    start = load_scenario(scenario).period.start
    return format_date(start + dt.timedelta(days=day))


def test_step_button_advances_the_calendar_date_and_the_log():
    _, rc = solara.render(_InLayout(), handle_error=False)
    assert _date(-1) in _html(rc)  # the eve of 27 Nov, before the first day
    assert "Nothing yet" in _html(rc)
    for _ in range(3):
        _button(rc, "Step").click()
    html = _html(rc)
    assert _date(2) in html and "day 3 of 35" in html
    assert "Nothing yet" not in html and "27 Nov</span>" in html  # dated entries from day one
    assert "top reasons" in html and "(p 0." in html  # the latest decisions and why
    assert "Time:" not in _texts(rc)  # Mesa's step counter is replaced by the date
    assert _date(2) in _texts(rc)
    images = rc.find(ipywidgets.Image).widgets
    assert len(images) == 3 and all(bytes(i.value).startswith(PNG) for i in images)
    rc.close()


def test_reset_builds_the_chosen_scenario_with_the_moved_sliders():
    _, rc = solara.render(_InLayout(), handle_error=False)
    _button(rc, "Step").click()
    rc.find(v.Select, label="Scenario").widget.v_model = "iraq_sends_army"
    slider = rc.find(v.Slider, label="iran · commitment to assad").widget
    slider.v_model = 0.9
    _button(rc, "Reset").click()
    texts, html = _texts(rc), _html(rc)
    assert "scenario iraq_sends_army" in texts
    assert "iran.commitment_to_assad=0.9" in texts
    assert _date(-1, "iraq_sends_army") in html and "Nothing yet" in html
    _button(rc, "Step").click()
    assert _date(0, "iraq_sends_army") in _html(rc)
    rc.close()


def test_each_session_has_its_own_model():
    _, first = solara.render(_InLayout(), handle_error=False)
    _, second = solara.render(_InLayout(), handle_error=False)
    for _ in range(2):
        _button(first, "Step").click()
    assert _date(1) in _html(first)
    assert _date(-1) in _html(second) and _date(1) not in _html(second)
    first.close()
    second.close()


def test_the_page_replays_the_chosen_run_of_axis_sim_run():
    seed = load_scenario("baseline").seed
    run = VizRun("baseline", run="0")
    assert run.run_index == 0
    while run.running:
        run.step()
    model, _ = build_model(load_scenario("baseline"), 0, seed)
    model.run()
    assert [e.text for e in run.model.narrative] == [e.text for e in model.narrative]
    assert run.error is None and len(run.model.history) == run.model.n_days


def test_inputs_come_from_the_parameter_definition_and_the_bundled_scenarios():
    inputs = model_params()
    assert inputs["scenario_name"]["values"] == [p.stem for p in bundled_scenarios()]
    sliders = {k: spec for k, spec in inputs.items() if spec["type"] == "SliderFloat"}
    marked = {k: p for k, p in parameters().items() if p.slider}
    assert set(sliders) == set(marked) and marked
    for key, spec in sliders.items():
        p = marked[key]
        assert (spec["value"], spec["min"], spec["max"]) == (p.default, p.low, p.high)
        assert 0 < spec["step"] <= (p.high - p.low) / 50


def test_only_moved_sliders_override_the_scenario():
    key, param = next((k, p) for k, p in parameters().items() if p.slider)
    assert moved_sliders({key: param.default}) == {}
    assert moved_sliders({key: param.high}) == {key: param.high}
    with pytest.raises(TypeError, match="not a slider parameter"):
        moved_sliders({"iran.no_such_thing": 0.5})


def test_a_bad_seed_falls_back_to_the_scenario_seed_with_a_note():
    run = VizRun("baseline", seed="abc")
    assert run.seed == load_scenario("baseline").seed and "not a whole number" in run.note
    assert VizRun("baseline", seed=" 12 ").seed == 12


def test_a_model_error_stops_the_run_instead_of_breaking_the_page(monkeypatch):
    run = VizRun("baseline")

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(run.model, "step", broken)
    run.step()
    assert not run.running and "boom" in run.error


def test_the_start_scenario_comes_from_the_environment(monkeypatch, tmp_path):
    bundled = load_scenario("iran_all_in").source_path  # serve() passes the resolved file
    monkeypatch.setenv(viz_app.SCENARIO_ENV, str(bundled))
    inputs = model_params()
    assert inputs["scenario_name"]["value"] == "iran_all_in"
    assert inputs["scenario_name"]["values"] == [p.stem for p in bundled_scenarios()]
    assert inputs["seed"]["value"] == str(load_scenario("iran_all_in").seed)
    own = tmp_path / "my_variant.yaml"
    own.write_text(f"extends: {bundled}\nname: my_variant\n", encoding="utf-8")
    monkeypatch.setenv(viz_app.SCENARIO_ENV, str(own))
    inputs = model_params()
    assert inputs["scenario_name"]["value"] == str(own)
    assert inputs["scenario_name"]["values"][-1] == str(own)
    assert VizRun(**initial_values(inputs)).crisis_scenario.name == "my_variant"


@pytest.mark.parametrize("canvas", ["network", "map", "timeseries"])
def test_frames_are_pngs_and_match_a_full_drawing(canvas):
    run = VizRun("baseline")
    make = {
        "network": NetworkCanvas,
        "map": MapCanvas,
        "timeseries": lambda: TimeSeriesCanvas(lambda _m: series_rows(run)),
    }[canvas]
    view = make()
    first = view.png(run.model)
    for _ in range(12):
        run.step()
    later = view.png(run.model)
    assert first.startswith(PNG) and later.startswith(PNG) and first != later
    assert make().figure(run.model).axes  # the plain figure draws too


def test_map_signature_changes_when_the_front_moves():
    run = VizRun("baseline")
    signatures = {map_signature(run.model)}
    while run.running:
        run.step()
        signatures.add(map_signature(run.model))
    assert len(signatures) > 5
    lost = run.model.front.cities_lost()
    assert lost, "the baseline offensive takes cities"


def test_every_actor_has_a_stance_tone():
    run = VizRun("baseline")
    for _ in range(10):
        run.step()
    for agent in run.model.actors():
        tone, text = agent.stance()
        assert tone in TONE_COLOURS and tone != OUTSIDE and text


def test_front_position_moves_from_idlib_to_damascus():
    run = VizRun("baseline")
    start = front_position(run.model)
    while run.running:
        run.step()
    end = front_position(run.model)
    assert start[0] > end[0]  # south-bound, towards Damascus


def test_mesa_information_card_shows_the_date():
    assert solara_viz.ShowSteps is viz_app.RunInfo


def test_serve_rejects_a_taken_port_and_a_bad_scenario(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exit_info:
            server.serve(None, "127.0.0.1", port)
    assert exit_info.value.code == 2 and "cannot listen" in capsys.readouterr().err
    with pytest.raises(ScenarioError):
        server.serve("no_such_scenario", "127.0.0.1", 0)


def _alerts(rc) -> str:
    return "\n".join(
        str(c) for w in rc.find(v.Alert).widgets for c in (w.children or []) if isinstance(c, str)
    )


def _slider_captions(rc) -> list[str]:
    return [
        str(w.children[0])
        for w in rc.find(v.Html, tag="span").widgets
        if "axis-slider-value" in (w.class_ or "")
    ]


def test_the_page_opens_on_the_typical_run_with_how_common_its_path_is():
    _, rc = solara.render(_InLayout(), handle_error=False)
    run = VizRun("baseline")
    notice = re.search(
        r"Run (\d+) \(the typical run\): a path like this in (\d+) % of 200 runs", _alerts(rc)
    )
    assert notice is not None, _alerts(rc)
    assert int(notice.group(1)) == run.typical
    assert int(notice.group(2)) == round(run.main.like * 100)
    assert f"run {run.typical}" in _texts(rc)
    rc.close()


def test_slider_values_and_ranges_are_shown_beside_each_slider():
    _, rc = solara.render(_InLayout(), handle_error=False)
    marked = [p for p in parameters().values() if p.slider]
    captions = _slider_captions(rc)
    assert len(captions) == len(marked)
    for param, caption in zip(marked, captions, strict=True):
        assert f"range {param.low:g}–{param.high:g}, default {param.default:g}" in caption
        assert caption.startswith(f"{param.default:g}  (range")
    rc.find(v.Slider, label="iran · commitment to assad").widget.v_model = 0.9
    assert any(c.startswith("0.9  (range") for c in _slider_captions(rc))
    rc.close()


def test_the_page_has_a_title_and_named_tabs_instead_of_page_0():
    _, rc = solara.render(_InLayout(), handle_error=False)
    titles = [w.title for w in rc.find(TitleWidget).widgets]
    assert viz_app.TITLE in titles
    tabs = [str(w.children[0]) for w in rc.find(v.Tab).widgets]
    assert tabs == list(viz_app.TABS) and not any(t.startswith("Page ") for t in tabs)
    rc.close()


def test_the_end_of_month_notice_appears_after_the_last_day():
    _, rc = solara.render(_InLayout(), handle_error=False)
    step = _button(rc, "Step")
    for _ in range(34):
        step.click()
    assert "The month is over" not in _html(rc) + _alerts(rc)
    step.click()
    assert _date(34) in _html(rc)  # 31 Dec, the last day
    assert "The month is over: Tue 31 Dec 2024 was the last day" in _html(rc)
    assert "The month is over" in _alerts(rc)
    assert step.disabled
    rc.close()


def test_side_by_side_shows_two_runs_advancing_together():
    _, rc = solara.render(_InLayout(), handle_error=False)
    rc.find(v.Tabs).widget.v_model = 1  # the "Side by side" tab: a hint until one is chosen
    assert "Compare with" in _alerts(rc)
    rc.find(v.Select, label="Compare with (side by side)").widget.v_model = "iraq_sends_army"
    _button(rc, "Reset").click()
    for _ in range(2):
        _button(rc, "Step").click()
    html = _html(rc)
    dates = re.findall(r'class="axis-compare-date"[^>]*>([^<]+)<', html)
    assert dates == [_date(1), _date(1)]
    assert "baseline:" in html and "iraq_sends_army:" in html
    assert html.count("P(regime collapses)") == 2 and html.count("a path like this in") == 2
    images = rc.find(ipywidgets.Image).widgets
    assert len(images) == 2 and all(bytes(i.value).startswith(PNG) for i in images)
    differ = False
    for day in range(2, 16):  # both advance together; the army's crossing sets the maps apart
        before = [bytes(i.value) for i in rc.find(ipywidgets.Image).widgets]
        _button(rc, "Step").click()
        dates = re.findall(r'class="axis-compare-date"[^>]*>([^<]+)<', _html(rc))
        assert dates == [_date(day)] * 2
        after = [bytes(i.value) for i in rc.find(ipywidgets.Image).widgets]
        assert after[0] != before[0] and after[1] != before[1]  # each map shows the new date
        differ = differ or after[0] != after[1]
    assert differ
    rc.close()
