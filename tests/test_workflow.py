"""The GitHub Actions workflow cannot run here; check that it is well formed and consistent.

It must parse, run the same `make test` as .ci/run, call only Makefile targets that exist, use
only GitHub's standard actions, and publish the folder the build writes, from main only.
"""

import re
from pathlib import Path

import pytest
import yaml

from book import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", text, flags=re.MULTILINE))


def make_calls(script: str) -> list[str]:
    """The targets named by `make ...` commands in a shell script."""
    calls = re.findall(r"(?:^|[;&|]\s*|\s)make((?:\s+[\w-]+(?!=))*)", script, flags=re.MULTILINE)
    return [target for call in calls for target in call.split()]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflow_runs_on_pushes_to_main_and_on_pull_requests(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "main" in triggers["push"]["branches"]
    assert "pull_request" in triggers


def test_workflow_runs_make_test(workflow):
    assert "test" in [t for step in steps(workflow) for t in make_calls(step.get("run", ""))]


def test_workflow_and_ci_script_call_only_existing_make_targets(workflow):
    scripts = [step.get("run", "") for step in steps(workflow)]
    scripts.append((ROOT / ".ci" / "run").read_text())
    called = {target for script in scripts for target in make_calls(script)}
    assert called, "no make target called"
    assert called <= makefile_targets(), f"unknown targets: {called - makefile_targets()}"


def test_workflow_uses_only_standard_versioned_actions(workflow):
    actions = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert actions
    for action in actions:
        assert re.fullmatch(r"actions/[\w-]+@v\d+", action), action


def test_workflow_publishes_the_built_site(workflow):
    build = re.search(r"^BUILD\s*:?=\s*(\S+)", (ROOT / "Makefile").read_text(), re.MULTILINE)
    uploads = [step for step in steps(workflow)
               if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [Path(step["with"]["path"]) for step in uploads] == [Path(build.group(1)) / "html"]


def test_pages_are_deployed_from_main_only_after_the_tests(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("uses", "").startswith("actions/deploy-pages@")
               for step in deploy["steps"])
