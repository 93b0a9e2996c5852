"""World state that no actor decides: the Syrian front, the Iraq-side state, the context's
parameters and the dated outside events. Imports sim.core only."""
