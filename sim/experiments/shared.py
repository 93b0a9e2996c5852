"""Pure definitions the analysis of an experiment reads too: error types and column names.

No imports: :mod:`analysis` may import this module without loading the model.
"""

CHANCE = "chance (model seed)"  # the design column that moves the random seed
MORRIS_LEVELS = 4  # the grid of a Morris design (its analysis needs the same)
COMMITMENT = "iran.commitment_to_assad"  # the parameter the inference asks about
MATCH_PREFIX = "match:"  # outcome columns: does a run match a historical decision point


class SensitivityInputError(ValueError):
    """Bad input (parameter, outcome, sample size, folder); the message is for the user."""


class InferenceInputError(ValueError):
    """Bad input (parameter, target, acceptance share); the message is for the user."""
