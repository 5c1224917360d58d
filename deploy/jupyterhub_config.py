# JupyterHub for a class taking the microneedling course, on one machine.
#
# Start it with `make hub` (which runs scripts/hub_serve.py); do not run `jupyterhub` by hand, because the
# proxy is started separately so that restarting the hub never interrupts learners (see "Faults" below).
# Every setting an instructor is likely to change is read from an environment variable with a safe default,
# so you can change them without editing this file, e.g. `MNHUB_IDLE_MINUTES=30 make hub`.
# The full guide is docs/teaching-at-scale.md.
import os
import sys

c = get_config()  # noqa: F821 (provided by JupyterHub when it reads this file)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from classroom_spawner import LearnerSpawner  # noqa: E402

# ---- Where the hub keeps its state -------------------------------------------------------------------
# The database (accounts, password hashes, who is approved), the cookie secret and the proxy token live
# here. This folder is private (mode 700) and never committed (deploy/.gitignore). Back it up.
STATE = os.environ.get("MNHUB_STATE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "state"))
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")

# ---- Who can reach it ----------------------------------------------------------------------------------
# By default only this machine can open the hub: http://127.0.0.1:8000.
# To open it to a classroom network set MNHUB_IP=0.0.0.0 (or the machine's address) AND give a TLS
# certificate (MNHUB_SSL_CERT and MNHUB_SSL_KEY; scripts/hub_serve.py passes them to the proxy):
# without TLS, passwords and learners' work travel the network in clear text. hub_serve.py refuses a
# non-local address without a certificate unless MNHUB_PLAIN_HTTP_BEHIND_TLS_PROXY=1 says that a
# reverse proxy in front of it (nginx, Caddy) already terminates TLS.
IP = os.environ.get("MNHUB_IP", "127.0.0.1")
PORT = int(os.environ.get("MNHUB_PORT", "8000"))
c.JupyterHub.bind_url = f"http://{IP}:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{int(os.environ.get('MNHUB_HUB_PORT', '8081'))}"

# ---- Faults: restarting the hub during a class -----------------------------------------------------------
# The proxy (configurable-http-proxy, installed by `make hub` into deploy/node_modules) runs as its own
# process, started by hub_serve.py, and the hub leaves learners' servers running when it stops. So a hub
# restart (new setting, crash) does not cut anyone off: their servers, kernels and unsaved work keep going,
# and the restarted hub finds them again.
c.JupyterHub.cleanup_servers = False
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('MNHUB_PROXY_API_PORT', '8001'))}"
# The proxy's token comes from CONFIGPROXY_AUTH_TOKEN, which hub_serve.py sets for both processes.

# ---- Logins: learners sign up, the instructor approves ---------------------------------------------------
# NativeAuthenticator: learners choose a user name and password at /hub/signup; nobody can log in until
# the instructor approves them at /hub/authorize. The instructor is the hub's admin (MNHUB_INSTRUCTOR,
# default "instructor"); on first start hub_serve.py creates that account with a generated password and
# writes it to the state folder (instructor-password.txt, readable by root only), so nobody else can
# claim the name. Passwords are stored as bcrypt hashes; after 5 wrong passwords a name is blocked for
# 10 minutes.
INSTRUCTOR = os.environ.get("MNHUB_INSTRUCTOR", "instructor")
c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
c.Authenticator.admin_users = {INSTRUCTOR}
c.Authenticator.allow_all = True  # "all" = accounts the instructor approved; NativeAuthenticator checks it
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 8
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 600
# User names become part of a system account name: lower-case letters, digits, '-' and '_' only.
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,19}$"
import nativeauthenticator  # noqa: E402

c.JupyterHub.template_paths = [os.path.join(os.path.dirname(nativeauthenticator.__file__), "templates")]

# ---- Learners' servers: one system user each ---------------------------------------------------------------
# Learner "ada" runs as the system user "learner-ada" with a private home /home/learner-ada (mode 700):
# other learners cannot open her server (the hub checks every request) nor read her files (the system does).
c.JupyterHub.spawner_class = LearnerSpawner
c.LearnerSpawner.system_user_prefix = os.environ.get("MNHUB_USER_PREFIX", "learner-")
c.LearnerSpawner.home_root = os.environ.get("MNHUB_HOME_ROOT", "/home")
c.LearnerSpawner.cgroup_parent = os.environ.get("MNHUB_CGROUP_PARENT", "microneedling-hub")
c.Spawner.cmd = [os.path.join(sys.prefix, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # a whole class starting at once on a small machine takes a while
c.Spawner.http_timeout = 120
# Memory per learner (server and all their kernels together). Enforced through a memory cgroup where the
# machine allows it (it does here; under systemd, TLJH's SystemdSpawner does the same); when the limit is
# reached the learner's largest kernel is stopped, not the machine. Where cgroups cannot be written the
# hub logs "Memory limit ... not enforced" and the value is advice only. 1 GiB holds four open lessons.
c.Spawner.mem_limit = os.environ.get("MNHUB_MEM_LIMIT", "1G")

# ---- The course: nbgitpuller ----------------------------------------------------------------------------
# Learners get the course by opening the link that `make hub-link` prints (scripts/hub_link.py). It clones
# MNHUB_COURSE_REPO into ~/microneedling-course on the first click and merges updates on later clicks,
# keeping the learner's own edits. A local repository owned by another account must be trusted explicitly:
COURSE_REPO = os.environ.get("MNHUB_COURSE_REPO", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if "://" not in COURSE_REPO or COURSE_REPO.startswith("file://"):
    c.LearnerSpawner.trusted_course_repos = [COURSE_REPO.removeprefix("file://")]
    c.LearnerSpawner.git_config_path = os.environ.get(
        "MNHUB_GIT_CONFIG", os.path.join(sys.prefix, "etc", "microneedling-hub-gitconfig"))

# ---- Idle servers are stopped ----------------------------------------------------------------------------
# jupyterhub-idle-culler stops a learner's server after MNHUB_IDLE_MINUTES without activity (default 60).
# Their files, progress and saved plans stay in their home; the next login starts a fresh server.
IDLE_SECONDS = int(float(os.environ.get("MNHUB_IDLE_MINUTES", "60")) * 60)
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_SECONDS}",
                f"--cull-every={max(30, IDLE_SECONDS // 6)}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
