"""The first module the parsing workers' fork server imports (flows.workers), never the run itself:
it binds the fork server's life to the run's, as the workers' lives are bound to the fork server's."""

from nianbao.flows.lifeline import die_with_parent

die_with_parent()
