"""Helpers that the tests, browser tests and benchmarks share: services per run, servers, clients."""
