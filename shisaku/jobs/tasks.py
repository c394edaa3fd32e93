"""The task on the queue (Django's Tasks framework): it runs one recorded job."""

from django_tasks import task

from . import services


@task()
def run_job(job_id: int) -> dict:
    return services.run(job_id)
