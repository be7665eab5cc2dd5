from balai.common.migrations import run_env

run_env()
