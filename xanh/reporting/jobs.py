"""The reporting app's background jobs; xanh.core.jobs.load_handlers() imports this module.

    reporting.send_mail              one e-mail (xanh/reporting/mail.py)
    reporting.cycle_opened           one mail per body of a cycle just opened (mail.py)
    reporting.schedule_reminders     every 5 minutes: reminders due before and after deadlines (reminders.py)
"""

from xanh.reporting import mail, reminders  # noqa: F401  (importing them registers their handlers)
