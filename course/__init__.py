"""Microneedling course package."""
