"""The ground floor: the parameter type, the logit decision rule, the stance tones and the
protocol of what agents, events and outcomes read from the model. Imports nothing of sim."""
