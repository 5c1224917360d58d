"""A class on the hub: two learners sign up, are approved, log in, pull the course with nbgitpuller and
run a lesson in their own kernels; they cannot reach each other; updates keep their work; the instructor
collects results; a hub restart leaves their servers running; idle servers are stopped, files kept.
Tests run in order on one hub.
"""

from __future__ import annotations

import json
import os
import stat
import textwrap
import time

import psutil
import pytest
from hub_client import HubClient, code_cells
from hub_results import class_results_csv
from hub_sandbox import COURSE_FOLDER
from hub_serve import ROOT

pytestmark = pytest.mark.hub

LESSON = "03-redness-and-bleeding"
LESSON_PATH = f"{COURSE_FOLDER}/notebooks/{LESSON}.ipynb"


@pytest.fixture(scope="module")
def learners(classroom):
    """ada and ben: approved, logged in, servers started, course pulled, each with a kernel on the lesson."""
    pair = {}
    for name in ("ada", "ben"):
        learner = classroom.sign_up(name)
        learner.client.start_server()
        learner.client.new_token()
        events = learner.client.git_pull(str(classroom.course_repo), classroom.branch, COURSE_FOLDER)
        assert events[-1]["phase"] == "finished", events[-1]
        pair[name] = learner
    kernels = {name: learner.client.kernel(LESSON_PATH) for name, learner in pair.items()}
    yield pair, kernels
    for kernel in kernels.values():
        kernel.close()


def test_wrong_passwords_and_unapproved_sign_ups_are_refused(classroom):
    cleo = classroom.sign_up("cleo")
    assert not HubClient(classroom.url).log_in("cleo", cleo.password + "x")
    assert not HubClient(classroom.url).log_in("cleo", "")
    assert HubClient(classroom.url).log_in("cleo", cleo.password)
    HubClient(classroom.url).sign_up("dora", "a-long-enough-password-7")
    assert not HubClient(classroom.url).log_in("dora", "a-long-enough-password-7"), "approval comes first"
    HubClient(classroom.url).sign_up("Not A Name", "a-long-enough-password-7")
    waiting = classroom.instructor.client.http.get(f"{classroom.url}/hub/authorize", timeout=60).text
    assert "dora" in waiting
    assert "Not A Name" not in waiting, "names must be valid system account names"
    assert classroom.instructor.client.api("GET", "users").status_code == 200
    assert cleo.client.api("GET", "users").status_code == 403, "only the instructor is admin"


def test_the_link_opens_the_pull_page_for_a_logged_in_learner(classroom, learners):
    from hub_link import pull_link

    ada = learners[0]["ada"].client
    link = pull_link(classroom.url, str(classroom.course_repo), classroom.branch, LESSON)
    page = ada.http.get(link, timeout=120)  # hub → ada's server → nbgitpuller's page, through the login
    assert page.status_code == 200
    assert page.url.startswith(f"{classroom.url}/user/ada/git-pull?")
    assert f"notebooks%2F{LESSON}.ipynb" in page.url or f"notebooks/{LESSON}.ipynb" in page.url


def test_each_learner_runs_the_lesson_in_their_own_account(classroom, learners):
    kernels = learners[1]
    for name, kernel in kernels.items():
        account = classroom.system_user(name)
        for cell in code_cells(ROOT / "notebooks" / f"{LESSON}.ipynb"):
            reply = kernel.execute(cell)
            assert not reply.error, f"{name}: {reply.error} in\n{cell}"
        widgets = kernel.execute("import ipywidgets; print(len(ipywidgets.Widget._active_widgets))")
        assert int(widgets.stdout) > 0, "the lesson's widgets were created"
        who = kernel.execute("import os, course; print(os.getuid()); print(course.__file__)")
        uid, course_file = who.stdout.split()
        assert int(uid) == account.pw_uid
        assert course_file.startswith(os.path.join(account.pw_dir, COURSE_FOLDER)), "imports the pulled copy"


def test_memory_is_capped_per_learner_where_cgroups_can_be_written(classroom, learners):
    limits = []
    for name in ("ada", "ben"):
        account = classroom.system_user(name)
        pids = [p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"].real == account.pw_uid]
        assert pids, f"{name} has running processes"
        for pid in pids:
            with open(f"/proc/{pid}/cgroup") as groups:
                memory = next((line.split(":", 2)[2].strip() for line in groups if ":memory:" in line), None)
            if memory is None:
                pytest.skip("no cgroup v1 memory controller here; the limit is advice only")
            assert memory.endswith("/" + account.pw_name), f"{name}'s process {pid} is in {memory}"
            with open(f"/sys/fs/cgroup/memory{memory}/memory.limit_in_bytes") as limit:
                limits.append(int(limit.read()))
    assert set(limits) == {1024**3}


def test_a_learner_cannot_open_another_learners_server_or_files(classroom, learners):
    pair, kernels = learners
    ada, ben = pair["ada"], pair["ben"]
    with_token = ada.client.server("api/contents/" + COURSE_FOLDER).status_code
    assert with_token == 200
    ben_as_ada = HubClient(classroom.url)
    ben_as_ada.name, ben_as_ada.token = "ada", ben.client.token  # ben's token against ada's server
    assert ben_as_ada.server("api/contents/" + COURSE_FOLDER).status_code in (403, 404)
    page = ben.client.http.get(f"{classroom.url}/user/ada/api/contents", timeout=60)  # ben's browser cookies
    assert page.status_code in (403, 404) or "/user/ada/" not in page.url
    ada_home = classroom.system_user("ada").pw_dir
    assert stat.S_IMODE(os.stat(ada_home).st_mode) == 0o700
    probe = kernels["ben"].execute(textwrap.dedent(f"""
        import os
        for attempt in (lambda: os.listdir({ada_home!r}),
                        lambda: open({ada_home!r} + '/{LESSON_PATH}').read()):
            try:
                attempt(); print('READ')
            except PermissionError:
                print('DENIED')"""))
    assert probe.stdout.split() == ["DENIED", "DENIED"]


def test_pulling_an_update_keeps_the_learners_edits_progress_and_plans(classroom, learners):
    pair, kernels = learners
    ada = pair["ada"].client
    notebook = ada.server(f"api/contents/{LESSON_PATH}").json()
    notebook["content"]["cells"][0]["source"] = "# My own notes on redness\n"
    assert ada.server(f"api/contents/{LESSON_PATH}", "PUT", json={
        "type": "notebook", "format": "json", "content": notebook["content"]}).status_code == 200
    saved = kernels["ada"].execute(textwrap.dedent("""
        from course.userdir import atomic_write_text, user_dir
        from course.results import ObjectiveResult, write_results
        atomic_write_text(user_dir('plans') / 'my-plan.json', '{"sessions": 3}', overwrite=True)
        print(write_results([ObjectiveResult('Aftercare', 4, 5, ('07-aftercare',))], learner='ada'))"""))
    assert not saved.error, saved.error
    start = ROOT / "notebooks" / "00-start-here.ipynb"
    updated = json.loads(start.read_text(encoding="utf-8"))
    updated["cells"].append({"cell_type": "markdown", "id": "update-note", "metadata": {},
                             "source": ["Course update: new case added."]})
    classroom.update_course("notebooks/00-start-here.ipynb", json.dumps(updated, indent=1) + "\n", "Update")

    events = ada.git_pull(str(classroom.course_repo), classroom.branch, COURSE_FOLDER)
    assert events[-1]["phase"] == "finished", events[-1]
    mine = ada.server(f"api/contents/{LESSON_PATH}").json()["content"]["cells"][0]["source"]
    assert mine == "# My own notes on redness\n"
    arrived = ada.server(f"api/contents/{COURSE_FOLDER}/notebooks/00-start-here.ipynb").json()
    assert "Course update: new case added." in arrived["content"]["cells"][-1]["source"]
    kept = kernels["ada"].execute("print(open(user_dir('plans') / 'my-plan.json').read())")
    assert kept.stdout.strip() == '{"sessions": 3}'


def test_the_instructor_collects_every_learners_results_into_one_csv(classroom, learners):
    kernels = learners[1]
    kernels["ben"].execute("import os; from course.userdir import user_dir\n"
                           "os.symlink('/etc/shadow', user_dir() / 'results.json')")
    rows = {row.split(",")[0]: row for row in class_results_csv(classroom.prefix).splitlines()[1:]}
    assert rows[classroom.prefix + "ada"].startswith(f"{classroom.prefix}ada,ada,submitted,")
    assert ",4,5,80,Aftercare: 4/5" in rows[classroom.prefix + "ada"]
    assert rows[classroom.prefix + "ben"] == f"{classroom.prefix}ben,,results file could not be read,,,,,"
    kernels["ben"].execute("os.unlink(user_dir() / 'results.json')")
    rows = {row.split(",")[0]: row for row in class_results_csv(classroom.prefix).splitlines()[1:]}
    assert rows[classroom.prefix + "ben"] == f"{classroom.prefix}ben,,no results yet,,,,,"


def test_restarting_the_hub_keeps_learners_servers_and_unsaved_work(classroom, learners):
    pair, kernels = learners
    assert not kernels["ada"].execute("unsaved_answer = 41").error
    before = set(classroom.learner_pids())
    classroom.restart_hub()
    assert before <= set(classroom.learner_pids()), "no learner process stopped"
    assert kernels["ada"].execute("print(unsaved_answer + 1)").stdout.strip() == "42"
    server = pair["ada"].client.api("GET", "users/ada").json()["servers"][""]
    assert server["ready"], "the restarted hub found ada's running server"
    assert pair["ben"].client.server("api/status").status_code == 200


def test_idle_servers_are_stopped_and_their_files_kept(classroom, learners):
    classroom.settings.extra_env["MNHUB_IDLE_MINUTES"] = "0.5"  # the culler checks every 30 s
    classroom.restart_hub()
    instructor = classroom.instructor.client
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        running = [name for name in ("ada", "ben")
                   if instructor.api("GET", f"users/{name}").json()["servers"]]
        if not running:
            break
        time.sleep(3)
    assert not running, f"jupyterhub-idle-culler did not stop {running}"
    ada_home = classroom.system_user("ada").pw_dir
    assert os.path.exists(os.path.join(ada_home, LESSON_PATH))
    assert os.path.exists(os.path.join(ada_home, ".microneedling-course", "results.json"))
