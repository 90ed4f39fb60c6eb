"""The README stays true by construction: every generated block (sample outputs, tables, figures)
is what the code prints today, and what the README says about set-up and the environment matches
the project."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

from arkg.environment import names as documented_variables

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _readme_module():
    spec = importlib.util.spec_from_file_location("readme", ROOT / "docs" / "readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_block_matches_what_the_code_prints(capsys):
    readme = _readme_module()
    code = readme.main(["--check"])
    captured = capsys.readouterr()
    assert code == 0, f"README.md is out of date (run: python docs/readme.py)\n{captured.out}{captured.err}"


def test_the_readme_has_generated_blocks_for_each_kind():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"\[\[\[cog readme\.out\(readme\.(\w+)\(", text)
    assert {"sample_queries", "queries_table", "exit_codes_table", "environment_table", "stats",
            "link_counts", "measurement", "alignments_table"} <= set(blocks)
    assert not re.search(r"(?<![A-Z_])SERVER_", text)  # the stray token of an old merge
    assert text.count("ARKG benchmark (median wall seconds") == 1


def test_the_check_fails_when_a_block_drifts(tmp_path, capsys):
    readme = _readme_module()
    drifted = tmp_path / "README.md"
    text = README.read_text(encoding="utf-8")
    drifted.write_text(text.replace("breaker", "brekaer", 1), encoding="utf-8")
    readme.README = drifted
    assert readme.main(["--check"]) != 0
    capsys.readouterr()


def _used_variables() -> set[str]:
    tracked = subprocess.run(["git", "ls-files", "src", "tests", "bench", ".ci", "docs"], cwd=ROOT,
                             capture_output=True, text=True)
    files = [ROOT / f for f in tracked.stdout.split()] if tracked.returncode == 0 else [
        p for d in ("src", "tests", "bench", ".ci", "docs") for p in (ROOT / d).rglob("*") if p.is_file()]
    found = set()
    for path in files:
        if path.suffix in (".py", ".sh", "") or path.name == "run":
            try:
                found |= set(re.findall(r"\bARKG_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError):
                continue
    return found


def test_every_environment_variable_in_use_is_documented():
    used = _used_variables()
    assert {"ARKG_CACHE_DIR", "ARKG_SOURCES"} <= used  # the scan finds the files it should
    assert used <= documented_variables(), sorted(used - documented_variables())


def test_the_readme_test_command_is_what_ci_runs():
    text = README.read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .venv && [^\n]+)\n```", text)
    assert len(commands) == 2, commands
    test_command = commands[1].split("&& ", 1)[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command.replace(".venv/bin/", "") in ci.replace(".venv/bin/", "")


def test_every_dependency_is_in_the_dependency_table():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    names = {re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0] for spec in wanted}
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Dependencies, and why"):]
    table = table[:table.index("\n## ", 5)]
    listed = {word.lower() for word in re.findall(r"[A-Za-z][\w.-]+", table)}
    assert names and {n.lower() for n in names} <= listed, sorted(n for n in names if n.lower() not in listed)
