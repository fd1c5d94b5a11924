"""The load test (make loadtest): `locust -f kopdes/operations/loadtest/locustfile.py --headless ...` against a
running `make serve-prod`. Reads the accounts and sample `kopdes loadtest_prepare` wrote (KOPDES_LOADTEST_ACCOUNTS,
default var/loadtest/accounts.json); the steps and their weights are in mix.py.

Each simulated user is one person of one role, already signed in (the session loadtest_prepare made, as an official's
working-day session; KOPDES_LOADTEST_LOGIN_FORM=1 signs in through the form instead), with that role's API token.
Think time 1-5 s between steps, as people reading a page. A 5xx, a 401/403/404 or a timeout is an error; a write
refused by a rule (the milestone is already recorded) is a correct answer, counted apart."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

from kopdes.operations.loadtest.mix import ROLES, fill, steps_for

ACCOUNTS = Path(os.environ.get("KOPDES_LOADTEST_ACCOUNTS", "var/loadtest/accounts.json"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFUSED: dict[str, int] = {}
# Bounded: the run stops after this many requests even if --run-time has not elapsed (make loadtest sets both).
MAX_REQUESTS = int(os.environ.get("KOPDES_LOADTEST_MAX_REQUESTS", "0") or 0)
_done = {"n": 0}
# Seconds a person reads a page before the next step (KOPDES_LOADTEST_WAIT="min,max"; default 1-5 s).
WAIT = tuple(float(x) for x in os.environ.get("KOPDES_LOADTEST_WAIT", "1,5").split(",", 1))
# Sign in through the form (a password hash per simulated person, ~0.5 s of CPU each) instead of the prepared session.
LOGIN_FORM = os.environ.get("KOPDES_LOADTEST_LOGIN_FORM", "") not in ("", "0")


def _accounts() -> dict:
    return json.loads(ACCOUNTS.read_text())


class _Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)

    def on_start(self):
        data = _accounts()
        people = data["accounts"][self.role]
        self.person = random.choice(people)
        self.sample = dict(data["sample"], own_coop=self.person.get("cooperative", 0),
                           own_category=self.person.get("category", "sembako"),
                           own_district=self.person.get("district", ""))  # fmt: skip
        self.rng = random.Random()
        self.steps = steps_for(self.role)
        self.weights = [step.weight for step in self.steps]
        if self.person.get("session") and not LOGIN_FORM:
            self.client.cookies.set("sessionid", self.person["session"])
            return
        login = self.client.get("/akun/masuk/", name="masuk (form)")
        token = CSRF.search(login.text)
        self.client.post(
            "/akun/masuk/",
            data={
                "username": self.person["username"],
                "password": data["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },  # fmt: skip
            headers={"Referer": f"{self.host}/akun/masuk/"},
            name="masuk (kirim)",
        )

    @task
    def step(self):
        step = self.rng.choices(self.steps, weights=self.weights)[0]
        path = fill(step, self.sample, self.rng)
        headers = {"Authorization": f"Bearer {self.person['token']}"} if step.api else {}
        kwargs = {"json": step.body(self.sample)} if step.body else {}
        with self.client.request(step.method, path, name=step.name, headers=headers, catch_response=True,
                                 **kwargs) as response:  # fmt: skip
            if response.status_code in step.refusals:
                REFUSED[step.name] = REFUSED.get(step.name, 0) + 1
                response.success()
            elif response.status_code >= 400 or response.status_code == 0:
                response.failure(f"HTTP {response.status_code}")


def _person(role: str) -> type[_Person]:
    weight = {"admin": 6, "bupati": 1, "camat": 2, "pengurus": 3}.get(role, 1)
    return type(f"Orang_{role}", (_Person,), {"role": role, "weight": weight, "__module__": __name__})


for _role in ROLES:
    globals()[f"Orang_{_role}"] = _person(_role)


@events.request.add_listener
def _bounded(**kwargs):
    _done["n"] += 1
    if MAX_REQUESTS and _done["n"] == MAX_REQUESTS:
        runner = _RUNNER.get("runner")
        if runner is not None:
            gevent.spawn(runner.quit)


_RUNNER: dict = {}


@events.init.add_listener
def _keep_runner(environment, **kwargs):
    _RUNNER["runner"] = environment.runner


@events.quitting.add_listener
def _report_refusals(environment, **kwargs):
    if REFUSED:
        print("Penulisan ditolak aturan (bukan galat):", json.dumps(REFUSED, ensure_ascii=False))
