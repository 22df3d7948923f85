"""Run and observe the real pipeline, for the end-to-end tests, `make bench` and `make chaos`."""
