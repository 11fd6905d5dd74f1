"""The hash-bound limit of the registration surge: how many argon2id hashes per second this
machine's cores compute in plain Python processes, with the app's own parameters (each
registration costs exactly one)."""

import os
import time
from concurrent.futures import ProcessPoolExecutor


def _hash_for(seconds: float) -> int:
    from champions.services.accounts.passwords import hash_password

    hash_password("warm up the parameters")
    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        hash_password("benchmark password")
        done += 1
    return done


def hashes_per_second(seconds: float = 4.0) -> float:
    """Hashes per second over all cores, one process each."""
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(_hash_for, [0.2] * cores))  # start the processes and import everything first
        started = time.perf_counter()
        total = sum(pool.map(_hash_for, [seconds] * cores))
        return total / (time.perf_counter() - started)


if __name__ == "__main__":
    print(f"{hashes_per_second():.1f} argon2id hashes/s on {os.cpu_count()} cores")
