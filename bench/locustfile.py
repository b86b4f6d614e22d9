"""The load `make bench` puts on gunicorn: anonymous visitors requesting one path (BENCH_PATH) as fast as they can."""

import os

from locust import FastHttpUser, constant, task


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def visit(self):
        self.client.get(os.environ["BENCH_PATH"], name=os.environ["BENCH_PATH"])
