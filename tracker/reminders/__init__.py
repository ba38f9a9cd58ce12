"""Reminders: notification channels (Apprise URLs, kept encrypted), the reminder rows planned
from the medication plan, the sender that claims and sends each row once, and the action links
(Taken / Skip) a reminder carries. Built on medications and settings; none of them imports it
except Today, which shows a disabled channel's notice."""
