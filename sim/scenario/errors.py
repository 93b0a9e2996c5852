"""The one error a scenario raises: the message names the file, the line, the field and what is
allowed."""


class ScenarioError(Exception):
    """A scenario that cannot be used; the message says where and why."""
