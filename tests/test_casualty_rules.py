"""`casualties`: the per-year chart never adds figures that may overlap, says which rule
produced each number, shows the years with no figure, obeys --limit and fits the terminal.
Through the installed `kachin`, on the bundled knowledge base, with the numbers a user sees.

How the bundled numbers come about (data/kachin.json, figures dated within one year; running
totals and figures spanning years are never put into a year):

killed
- 2012: 140 government soldiers (KIA's claim), the only figure: "140", single.
- 2014: 6 killed in the hydropower hostage incident (both sides: may be anyone) and at least 22
  KIA fighters near Laiza: the largest, "at least 22" (not 28).
- 2018: civilians: the Kachin (2) and Shanni (6) farmers are one event's civilian toll, both
  reported by the article (one claimant, which may count different people): its largest, 6; government: the locals' 18 over 1-10 April and the 8 of the Battalion 86 raid
  of 6 April may be the same soldiers, so the largest, 18; Kachin side: the locals' 3.
  By side 6 + 18 + 3 = 27 (not 37, nor the 31 the old sum gave).
- 2021: government 8 (Katha) or 2 (Waingmaw sentries): 8; civilians 1: by side "at least 9".
- 2022: A Nang Pa's eight reports (both sides) count at their smallest, about 50; by side the
  government's 30 (Hmaw Bon; Wu Yang's 6 may overlap) + the KIA's 2 = 32 < 50: "about 50 or
  more", largest.
- 2023: government 30 (Daknai; 1 at Mung Hkawng), Kachin 3 (Brigade 2; the AA's 1), civilians 28
  (Mung Lai Hkyet's four reports at their smallest; Sadung 3, Nam Hpat Kar 4): 61 by side.
- 2024: government 5 (Sel Zin), Kachin 1 (Maji Gung), civilians 10 (Bhamo in December; Bhamo in
  March at its smallest, 8; Laiza 3; Myo Thit 1): 16 by side.
- 2025: 15 (Bhamo monastery) and at least 9 (Hpakant), civilians both: the largest, 15.
- 2013, 2015-2017, 2019, 2020: no figure.

displaced
- 2018: the UN's "more than 4,000 since April" and "6,000 by May", both civilians, may be the same
  people: the largest, "at least 6,000" (not 10,000).
- 2023: "more than 10,000" from Shwegu, the only one: "at least 10,000".
- 2024: about 200 hiding near Sumprabum: "about 200".
"""

from __future__ import annotations

import io
import re

import pytest
from conftest import derived, run_installed

from kachin_cli import query, store

KILLED_CHART_100 = [
    "Killed per year",
    "Year        Lower bound   Rule                                                           Figures",
    "─" * 96,
    "2012                140   single    " + "#" * 50 + "         1",
    "2013          no figure",
    "2014        at least 22   largest   " + "#" * 8 + " " * 42 + "         2",
    "2015          no figure",
    "2016          no figure",
    "2017          no figure",
    "2018        at least 27   by side   " + "#" * 10 + " " * 40 + "         5",
    "2019          no figure",
    "2020          no figure",
    "2021         at least 9   by side   " + "#" * 3 + " " * 47 + "         3",
    "2022   about 50 or more   largest   " + "#" * 18 + " " * 32 + "        11",
    "2023        at least 61   by side   " + "#" * 22 + " " * 28 + "        11",
    "2024        at least 16   by side   " + "#" * 6 + " " * 44 + "         7",
    "2025        at least 15   largest   " + "#" * 5 + " " * 45 + "         2",
]


def lines_of(r) -> list[str]:
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def chart(lines: list[str], title: str) -> list[str]:
    """The chart's lines: from its title to the line before the footer."""
    start = lines.index(title)
    end = start + 3
    while end < len(lines) and re.match(r"\d{4} ", lines[end]):
        end += 1
    return lines[start:end]


def test_killed_per_year_never_adds_reports_that_may_overlap():
    lines = lines_of(run_installed("casualties", "--category", "killed"))
    assert [line.rstrip() for line in chart(lines, "Killed per year")] == [line.rstrip() for line in KILLED_CHART_100]


def test_displaced_2018_is_the_largest_report_not_the_sum_of_two():
    lines = lines_of(run_installed("casualties", "--category", "displaced"))
    assert chart(lines, "Displaced per year") == [
        "Displaced per year",
        "Year       Lower bound   Rule                                                           Figures",
        "─" * 95,
        "2018    at least 6,000   largest   " + "#" * 30 + "                             2",
        "2019         no figure",
        "2020         no figure",
        "2021         no figure",
        "2022         no figure",
        "2023   at least 10,000   single    " + "#" * 50 + "         1",
        "2024         about 200   single    #                                                          1",
    ]


def test_every_asked_year_is_on_the_axis():
    # --from 2015 --to 2019: only 2018 has killed figures; the four other years show as gaps
    lines = lines_of(run_installed("casualties", "--category", "killed", "--from", "2015", "--to", "2019",
                                   env={"COLUMNS": "80"}))
    assert chart(lines, "Killed per year") == [
        "Killed per year",
        "Year   Lower bound   Rule                                                Figures",
        "─" * 80,
        "2015     no figure",
        "2016     no figure",
        "2017     no figure",
        "2018   at least 27   by side   " + "#" * 39 + "         5",
        "2019     no figure",
    ]


def test_each_rule_used_is_explained_under_the_chart():
    out = " ".join(lines_of(run_installed("casualties", "--category", "killed")))
    assert ("Per year: a lower bound, never a sum of reports that may overlap. Rules: "
            "single: the year's only figure with a number. "
            "largest: the largest single report; reports that may count the same people are never added. "
            "by side: the largest report of each side (government, Kachin, civilians), added: they count "
            "different people. "
            "Reports of one event's toll count once: one claimant's at its largest, competing claimants' "
            "at the smallest.") in out
    assert "Not in the killed per year: 4 figure(s) covering several years or a running total." in out
    # the old footer that excused adding overlapping reports is gone
    assert "Yearly totals add separate reports" not in out
    # a legend names only the rules its chart used
    displaced = " ".join(lines_of(run_installed("casualties", "--category", "displaced")))
    assert "largest: the largest single report" in displaced and "by side:" not in displaced



def test_no_chart_adds_helicopters_to_trucks():
    # materiel destroyed in 2021: 1 helicopter (shot down) and 6 tanker trucks; in 2024, 100 homes
    r = run_installed("casualties", "--category", "materiel_destroyed")
    lines = lines_of(r)
    assert "1 helicopters" in r.stdout or "1 helicopter" in r.stdout
    assert not any("per year" in line for line in lines), lines[-6:]


def test_limit_limits_the_chart_too():
    # -n 3: three figures in the list and the first three years of the chart (2013 counts as one)
    lines = lines_of(run_installed("casualties", "--category", "killed", "-n", "3"))
    assert chart(lines, "Killed per year") == [
        "Killed per year",
        "Year   Lower bound   Rule                                                           Figures",
        "─" * 91,
        "2012           140   single    " + "#" * 50 + "         1",
        "2013     no figure",
        "2014   at least 22   largest   " + "#" * 8 + " " * 42 + "         2",
    ]
    assert "Showing 3 of 46 figures; raise --limit to see more." in lines
    assert "Showing 3 of 14 years in the killed per year; raise --limit to see more." in lines
    # a limit above the chart's years leaves it whole and says nothing about it
    lines = lines_of(run_installed("casualties", "--category", "killed", "-n", "40"))
    assert [line.rstrip() for line in chart(lines, "Killed per year")] == [line.rstrip() for line in KILLED_CHART_100]
    assert not any("years in the killed per year" in line for line in lines)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_the_chart_fits_the_terminal(width):
    lines = lines_of(run_installed("casualties", env={"COLUMNS": str(width)}))
    for title, rows in (("Killed per year", 14), ("Displaced per year", 7)):
        drawn = chart(lines, title)
        assert len(drawn) == 3 + rows, drawn  # one line per year: nothing wrapped
        assert all(len(line) <= width for line in drawn), drawn
        # every year with a number has its bar on its own line, and its value whole
        bars = [line for line in drawn[3:] if "#" in line]
        assert len(bars) == {"Killed per year": 8, "Displaced per year": 3}[title]
        assert all(re.match(r"\d{4} +(at least |about )?[\d,]+( or more)? +(single|largest|by side) +#+", line)
                   for line in bars), bars
    killed = chart(lines, "Killed per year")
    # the Figures column goes first when space is short; at 40 columns the bars keep 4 columns
    assert ("Figures" in killed[1]) == (width >= 60)
    assert killed[3] == {40: "2012                140   single    ####",
                         60: "2012                140   single    " + "#" * 14 + "         1",
                         80: "2012                140   single    " + "#" * 34 + "         1",
                         120: "2012                140   single    " + "#" * 50 + "         1"}[width]


def test_too_narrow_for_the_table_the_chart_stacks_and_cuts_nothing():
    # at 30 columns year, number and rule do not fit side by side with a bar: Rich would cut
    # them ("2…", "at least 10,0…"); the chart puts each year's bar under its line instead
    lines = lines_of(run_installed("casualties", "--category", "displaced", env={"COLUMNS": "30"}))
    start = lines.index("Displaced per year")
    assert lines[start:start + 11] == [
        "Displaced per year",
        "2018 at least 6,000 (largest)",
        "#" * 18,
        "2019 no figure",
        "2020 no figure",
        "2021 no figure",
        "2022 no figure",
        "2023 at least 10,000 (single)",
        "#" * 30,
        "2024 about 200 (single)",
        "#",
    ]
    assert not any("\u2026" in line for line in lines)


def test_help_and_by_year_say_what_is_summed():
    text = " ".join(lines_of(run_installed("casualties", "--help")))
    text = re.sub(r"[\s│]+", " ", text)
    for words in ("never a sum of reports that may count the same people", "single (the year's one figure)",
                  "largest (the largest report;", "by side (the largest report of each side",
                  "Running totals and figures spanning years are never added to a year",
                  "N figures, and N years of each per-year chart"):
        assert words in text, words
    out = " ".join(lines_of(run_installed("casualties", "--by", "year", "--from", "2011", "--to", "2014")))
    assert ("Low, best and high add up the layer's rows of each year, one row per event, so no death is "
            "counted twice.") in out


def test_the_readme_explains_the_rule_and_runs_by_event():
    from test_installed import readme_examples

    examples = dict(readme_examples())
    assert any(c.startswith("kachin casualties --by event") for c in examples)
    assert "2018   at least 27   by side   " in examples["kachin casualties --category killed --from 2018 --to 2018"]


# ---------------------------------------------------------------- the rule, on made-up figures


def _figures(*specs):
    def change(raw: dict) -> None:
        for event in raw["events"]:
            event.pop("figures", None)
        raw["figures"] = [
            {"id": fid, "category": "killed", "description": fid, "qualifier": qualifier, "count": count,
             "party": party, "date": "2014-11-19", "event": event,
             "sources": [{"source": "article", "section": "2014"}]}
            for fid, qualifier, count, party, event in specs]
    return change


def totals_of(tmp_path, *specs):
    kb = store.load(derived(tmp_path, _figures(*specs)))
    totals, _ = query.per_year(kb.figures, "killed")
    return [(t.year, t.total, t.rule, t.lower_bound, [f.id for f in t.counted]) for t in totals]


def test_a_report_of_both_sides_is_never_added_to_a_side(tmp_path):
    # 10 soldiers and 5 KIA fighters: 15 by side; a report of 12 dead on both sides may hold them
    assert totals_of(tmp_path, ("army", "exactly", 10, "government", None), ("kia-dead", "exactly", 5, "kachin", None),
                     ("both", "exactly", 12, "mixed", None)) == [(2014, 15, "by side", True, ["army", "kia-dead"])]
    # ... and when the report of both sides is the larger, it is the year's number on its own
    assert totals_of(tmp_path, ("army", "exactly", 10, "government", None), ("kia-dead", "exactly", 5, "kachin", None),
                     ("both", "exactly", 20, "mixed", None), ("anyone", "at_least", 3, "unspecified", None)
                     ) == [(2014, 20, "largest", True, ["both"])]


def test_two_sides_alone_add_up_exactly(tmp_path):
    # nothing is left out and nothing is "at least": the sum is exact
    assert totals_of(tmp_path, ("army", "exactly", 10, "government", None),
                     ("civilians", "stated", 4, "civilians", None)) == [
        (2014, 14, "by side", False, ["army", "civilians"])]


def test_reports_of_one_side_are_never_added(tmp_path):
    assert totals_of(tmp_path, ("raid", "exactly", 8, "government", "laiza-attack-2014"),
                     ("locals", "stated", 18, "government", None)) == [(2014, 18, "largest", True, ["locals"])]


def test_a_running_total_is_never_put_into_a_year(tmp_path):
    def change(raw: dict) -> None:
        _figures(("army", "exactly", 10, "government", None))(raw)
        raw["figures"].append({"id": "running", "category": "killed", "description": "Killed so far",
                               "qualifier": "at_least", "count": 50, "party": "civilians", "date": "2014-11-20",
                               "end_date": "2014-11-30", "cumulative": True,
                               "sources": [{"source": "article", "section": "2014"}]})

    kb = store.load(derived(tmp_path, change))
    totals, spanning = query.per_year(kb.figures, "killed")
    assert [(t.year, t.total, t.rule) for t in totals] == [(2014, 10, "single")]
    assert [f.id for f in spanning] == ["running"]


# ---------------------------------------------------------------- speed: tables drawn without Rich's cells


def _rich_and_plain(view, width: int) -> tuple[str, str, int]:
    """The view drawn part by part by Rich alone, and as Output draws it with no colour (parts
    that can, by plain_table); and how many parts plain_table drew."""
    from kachin_cli.output import Output

    out = Output(stdout=io.StringIO(), env={"COLUMNS": str(width), "NO_COLOR": "1"}, no_pager=True)
    console = out.console(io.StringIO())
    rich, plain, drawn = [], [], 0
    for part in view.parts(width):
        with console.capture() as captured:
            console.print(part)
        rich.append(captured.get())
        text = part.plain_text(console) if hasattr(part, "plain_text") else None
        drawn += text is not None
        plain.append(rich[-1] if text is None else text)
    return strip("".join(rich)), strip("".join(plain)), drawn


def strip(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


ODD_TEXT = ["Lai Za \u101c\u102d\u102f\u1004\u103a\u1038 (Burmese), \u4e2d\u6587 wide", "a\ttab and \x1b escape",
            "averyveryverylongwordthatmustbefoldedacrossseverallinesofthecolumn and more",
            "trailing spaces   ", "", "   leading", "two\nlines\n"]


@pytest.mark.parametrize("width", [20, 33, 40, 47, 60, 80, 100, 137])
def test_tables_drawn_without_rich_cells_are_what_rich_draws(tmp_path, width):
    from kachin_cli import render

    def odd(raw: dict) -> None:
        for i, text in enumerate(ODD_TEXT):
            raw["figures"].append({"id": f"odd-{i}", "category": "killed", "description": text or "-", "qualifier": "exactly",
                                   "count": 10 ** i, "party": "civilians", "claimed_by": text or None,
                                   "date": "2014-11-19", "sources": [{"source": "article", "section": "2014"}]})

    kb = store.load(derived(tmp_path, odd))
    bundled = store.load(None)
    views = [render.render_listing(render.figures_listing(kb, query.figures(kb)), styled=False),
             render.render_listing(render.figures_listing(bundled, query.figures(bundled)), styled=False),
             render.render_listing(render.events_listing(bundled, list(bundled.events)), styled=False),
             # the REPL's numbered rows: a right-justified column
             render.render_listing(render.figures_listing(bundled, query.figures(bundled)).replace(numbered_from=1),
                                   styled=False)]
    drawn_parts = []
    for view in views:
        rich, plain, drawn = _rich_and_plain(view, width)
        assert plain.splitlines() == rich.splitlines()
        drawn_parts.append(drawn)
    if width >= 80:  # the bundled events table fits: plain_table drew it
        assert drawn_parts[2] > 0


def test_casualties_no_longer_renders_every_cell_through_rich(tmp_path, monkeypatch, capsys):
    # 2,000 figures drawn without colour: the table is laid out by plain_table, so Rich renders
    # no cell of it (at 100,000 events Rich's rendering took 17 of casualties' 18 s)
    from rich.text import Text

    def many(raw: dict) -> None:
        raw["figures"] += [{"id": f"f-{i}", "category": "wounded", "description": f"Wounded in clash {i}",
                            "qualifier": "exactly", "count": i + 1, "party": "civilians",
                            "date": f"{2000 + i % 20}-01-02", "sources": [{"source": "article", "section": "2014"}]}
                           for i in range(2000)]

    path = derived(tmp_path, many)
    calls = []
    original = Text.wrap
    monkeypatch.setattr(Text, "wrap", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    from kachin_cli import cli

    assert cli.run(["--data", str(path), "casualties", "--category", "wounded", "--no-pager"]) == 0
    # the chart (20 years) and the footer are Rich's; the 2,000 rows of 4 cells are not
    assert len(calls) < 200, len(calls)
    assert "Wounded in clash 1999" in capsys.readouterr().out


def test_a_year_whose_figures_give_no_number_says_so():
    # wounded in 2018: one figure, "many" wounded, with no number
    lines = lines_of(run_installed("casualties", "--category", "wounded", "--from", "2018", "--to", "2018"))
    assert [line.rstrip() for line in chart(lines, "Wounded per year")][3:] == [
        "2018     no number" + " " * 69 + "1"]
    assert ("no number: the year's figures give none (\"several\", \"hundreds\"), so they add nothing."
            in lines)


def _claimed(*specs):
    """Figures of one event's civilian toll, each (id, count, claimant)."""
    def change(raw: dict) -> None:
        _figures()(raw)
        raw["figures"] = [
            {"id": fid, "category": "killed", "description": fid, "qualifier": "exactly", "count": count,
             "party": "civilians", "date": "2014-11-19", "event": "laiza-attack-2014", "claimed_by": claimant,
             "sources": [{"source": "article", "section": "2014"}]}
            for fid, count, claimant in specs]
    return change


def test_one_claimants_reports_of_a_toll_count_at_their_largest(tmp_path):
    # one reporter's 2 and 6 (Kachin and Shanni farmers) may be different people: 6, never 8 nor 2
    kb = store.load(derived(tmp_path, _claimed(("kachin-farmers", 2, "the article"), ("shanni-farmers", 6, "the article"))))
    (t,), _ = query.per_year(kb.figures, "killed")
    assert (t.total, [f.id for f in t.counted], t.left_out) == (6, ["shanni-farmers"], 1)


def test_competing_claimants_count_at_the_smallest_of_their_largest(tmp_path):
    # the KIA's 29 and 35 (its largest: 35) against the army's 12: every claimant says at least 12
    kb = store.load(derived(tmp_path, _claimed(("kia-a", 29, "KIA"), ("army", 12, "army"), ("kia-b", 35, "KIA"))))
    (t,), _ = query.per_year(kb.figures, "killed")
    assert (t.total, [f.id for f in t.counted]) == (12, ["army"])
    # with the army's 40, the KIA's largest (35) is the smallest claim
    kb = store.load(derived(tmp_path, _claimed(("kia-a", 29, "KIA"), ("army", 40, "army"), ("kia-b", 35, "KIA"))))
    (t,), _ = query.per_year(kb.figures, "killed")
    assert (t.total, [f.id for f in t.counted]) == (35, ["kia-b"])
