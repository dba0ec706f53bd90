"""Map per-item work over many items: in process, on a local process pool, or on Dask.

One interface, `Backend.map(work, items, shared)`: it calls ``work(item, shared)`` for every
item, in chunks on the workers, and yields the results in input order (a reorder buffer:
the oldest chunk is always awaited first). At most ``window`` chunks are submitted and not
yet yielded, and items are pulled from the iterable only when there is room, so memory
stays bounded however many items there are. ``shared`` (e.g. the set of stored sha256s)
goes to each worker once, not with every chunk. ``work`` must be a module-level function
and items, ``shared`` and results picklable; Dask workers must have this package installed.

A worker that dies (SIGKILL, ``os._exit``, out of memory) loses only its item. When a chunk
fails, the chunks in flight are settled first; then each item of a failed chunk runs again
alone, with nothing else in flight, on a fresh pool (Dask: the nanny replaces the worker),
so a second death names its culprit exactly: that item yields `Lost`, and the batch goes on.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

log = logging.getLogger(__name__)

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")
BACKENDS = ("serial", "pool", "dask")
CHUNK_SIZE = 8  # items per task: Dask costs about 1.5 ms per task, a chunk ~100 ms of work


@dataclass(frozen=True)
class Lost(Generic[T]):
    """An item whose work never returned: its worker died (``died``) or the task failed."""

    item: T
    died: bool
    error: str


class _Pending(Protocol[R]):
    def result(self) -> list[R]: ...


class Backend:
    """Maps ``work(item, shared)`` over items and yields results (or `Lost`) in input order."""

    name = "backend"
    in_process = False  # True: work runs in this process and may use unpicklable ``shared``

    def __init__(self, workers: int, chunk_size: int = CHUNK_SIZE) -> None:
        if workers < 1 or chunk_size < 1:
            raise ValueError("workers and chunk size must be at least 1")
        self.workers, self.chunk_size = workers, chunk_size
        self.window = 2 * workers  # chunks submitted and not yet yielded

    def map(self, work: Callable[[T, S], R], items: Iterable[T], shared: S, *,
            count: int | None = None) -> Generator[R | Lost[T], None, None]:
        """Yield ``work(item, shared)`` for each item, in input order; closing the generator
        stops the workers."""
        if count == 0:
            return
        size = self._chunk_size(count)
        self._start(shared)
        try:
            yield from self._ordered(work, _chunks(items, size))
        finally:
            self._stop()

    def _chunk_size(self, count: int | None) -> int:
        """Cut small batches finer so that every worker gets several chunks."""
        if count is None:
            return self.chunk_size
        return max(1, min(self.chunk_size, math.ceil(count / (4 * self.workers))))

    def _ordered(self, work: Callable[[T, S], R],
                 chunks: Iterator[list[T]]) -> Iterator[R | Lost[T]]:
        pending: deque[tuple[list[T], _Pending[R]]] = deque()
        for chunk in chunks:
            try:
                task = self._submit(work, chunk)
            except Exception as err:  # e.g. the pool broke since the last result
                task = _Failed(err)
            pending.append((chunk, task))
            while len(pending) >= self.window:
                yield from self._next(work, pending)
        while pending:
            yield from self._next(work, pending)

    def _next(self, work: Callable[[T, S], R],
              pending: deque[tuple[list[T], _Pending[R]]]) -> Iterator[R | Lost[T]]:
        chunk, task = pending.popleft()
        try:
            results = task.result()
        except Exception as err:
            log.warning("a chunk of %d failed (%s): settling and retrying its items alone",
                        len(chunk), _describe(err), extra={"stage": "batch"})
            settled = [(chunk, _settle(task)), *((c, _settle(t)) for c, t in pending)]
            pending.clear()
            self._recover(err)
            for items, outcome in settled:
                if isinstance(outcome, BaseException):
                    yield from self._isolate(work, items)
                else:
                    yield from outcome
            return
        yield from results

    def _isolate(self, work: Callable[[T, S], R], items: list[T]) -> Iterator[R | Lost[T]]:
        """Run each item alone, nothing else in flight, so a failure names its item."""
        for item in items:
            try:
                results = self._submit(work, [item]).result()
            except Exception as err:
                self._recover(err)
                log.warning("lost an item: %s", _describe(err), extra={"stage": "batch"})
                yield Lost(item, self._is_death(err), _describe(err))
                continue
            yield from results

    def close(self) -> None:
        """Release what the backend holds (a cluster it started)."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _submit(self, work: Callable[[T, S], R], chunk: list[T]) -> _Pending[R]:
        raise NotImplementedError

    def _start(self, shared: Any) -> None:
        self._shared = shared

    def _stop(self) -> None:
        self._shared = None

    def _recover(self, err: BaseException) -> None:
        """Make the backend usable again after ``err`` (e.g. replace a broken pool)."""

    def _is_death(self, err: BaseException) -> bool:
        return False


class _Failed:
    """A submission that failed at once: its result raises the error."""

    def __init__(self, err: Exception) -> None:
        self.err = err

    def result(self) -> list[Any]:
        raise self.err


class _Done(Generic[R]):
    """A result computed already (the serial backend's 'future')."""

    def __init__(self, value: list[R]) -> None:
        self.value = value

    def result(self) -> list[R]:
        return self.value


class SerialBackend(Backend):
    """Run the work in this process, one item after the other."""

    name = "serial"
    in_process = True

    def __init__(self) -> None:
        super().__init__(workers=1, chunk_size=1)
        self.window = 1

    def _submit(self, work: Callable[[T, S], R], chunk: list[T]) -> _Pending[R]:
        return _Done([work(item, self._shared) for item in chunk])


class PoolBackend(Backend):
    """Run the work on a local pool of processes.

    Workers are forked from a fork server that imported this module and the work's module
    once: they start fast and clean (nothing of this process's threads or connections).
    """

    name = "pool"

    def __init__(self, workers: int | None = None, chunk_size: int = CHUNK_SIZE) -> None:
        super().__init__(workers or os.cpu_count() or 1, chunk_size)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, work: Callable[[T, S], R], items: Iterable[T], shared: S, *,
            count: int | None = None) -> Generator[R | Lost[T], None, None]:
        self._preload = work.__module__
        return super().map(work, items, shared, count=count)

    def _start(self, shared: Any) -> None:
        super()._start(shared)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__, getattr(self, "_preload", __name__)])
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                         initializer=_init_worker,
                                         initargs=(shared, os.getpid(), dict(os.environ)))

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        super()._stop()

    def _submit(self, work: Callable[[T, S], R], chunk: list[T]) -> _Pending[R]:
        assert self._pool is not None, "submit outside map()"
        future: Future[list[R]] = self._pool.submit(_run_chunk, work, chunk)
        return future

    def _recover(self, err: BaseException) -> None:
        if isinstance(err, BrokenProcessPool):
            shared = self._shared
            self._stop()
            self._start(shared)

    def _is_death(self, err: BaseException) -> bool:
        return isinstance(err, BrokenProcessPool)


class DaskBackend(Backend):
    """Run the work on a Dask cluster: an existing one (``scheduler``) or a local one.

    The local cluster listens on loopback only, one single-threaded worker process per
    worker, and gives up on a task at the first worker death (``allowed-failures`` 0) so
    that a dead worker costs one retry of its chunk, not three. An existing scheduler keeps
    its own setting.
    """

    name = "dask"

    def __init__(self, *, scheduler: str | None = None, workers: int | None = None,
                 chunk_size: int = CHUNK_SIZE) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster: LocalCluster | None = None
        if scheduler is not None:
            self._client: Client = Client(scheduler)  # type: ignore[no-untyped-call]
            count = len(self._client.scheduler_info()["workers"]) or 1
        else:
            count = workers or os.cpu_count() or 1
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=count, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
        super().__init__(count, chunk_size)
        self._shared_future: Any = None

    @property
    def client(self) -> Client:
        return self._client

    def _start(self, shared: Any) -> None:
        super()._start(shared)
        [self._shared_future] = self._client.scatter(  # type: ignore[no-untyped-call]
            [shared], broadcast=True, hash=False)

    def _stop(self) -> None:
        self._shared_future = None
        super()._stop()

    def _submit(self, work: Callable[[T, S], R], chunk: list[T]) -> _Pending[R]:
        future: _Pending[R] = self._client.submit(_run_dask_chunk, work, chunk,
                                                  self._shared_future, pure=False)
        return future

    def _recover(self, err: BaseException) -> None:
        """Scatter ``shared`` again: a dead worker may have held its only copy."""
        self._start(self._shared)

    def _is_death(self, err: BaseException) -> bool:
        from distributed.scheduler import KilledWorker

        return isinstance(err, KilledWorker)

    def close(self) -> None:
        self._client.close()  # type: ignore[no-untyped-call]
        if self._cluster is not None:
            self._cluster.close()  # type: ignore[no-untyped-call]


def make_backend(name: str, *, workers: int | None = None,
                 scheduler: str | None = None) -> Backend:
    """Return the backend called ``name`` (serial, pool or dask).

    >>> make_backend("serial").name
    'serial'
    """
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}: use one of {', '.join(BACKENDS)}")
    if scheduler is not None and name != "dask":
        raise ValueError("a scheduler address needs the dask backend")
    if name == "serial":
        return SerialBackend()
    if name == "pool":
        return PoolBackend(workers)
    return DaskBackend(scheduler=scheduler, workers=workers)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _settle(task: _Pending[R]) -> list[R] | BaseException:
    try:
        return task.result()
    except Exception as err:
        return err


def _describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


# --- inside a pool worker ------------------------------------------------------------------

_shared: Any = None


def _init_worker(shared: Any, coordinator: int, environ: dict[str, str]) -> None:
    """Keep ``shared`` for every chunk; exit when the coordinating process is gone.

    The fork server may be older than this batch: take the coordinator's environment now.
    """
    global _shared
    _shared = shared
    os.environ.clear()
    os.environ.update(environ)
    threading.Thread(target=_watch, args=(coordinator,), daemon=True).start()


def _watch(coordinator: int) -> None:
    """Exit once ``coordinator`` has died (even by SIGKILL): never linger as an orphan.

    A forked worker's parent is the fork server, which lives as long as its workers do, so
    the coordinator is watched by its pid (a dead one that is not reaped yet is a zombie).
    """
    stat = Path(f"/proc/{coordinator}/stat")
    while True:
        try:
            os.kill(coordinator, 0)
            if stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] == "Z":
                break
        except (ProcessLookupError, FileNotFoundError):
            break
        except OSError:  # PermissionError: alive, owned by someone else; races on /proc
            pass
        time.sleep(0.5)
    os._exit(1)


def _run_chunk(work: Callable[[T, Any], R], chunk: list[T]) -> list[R]:
    return [work(item, _shared) for item in chunk]


def _run_dask_chunk(work: Callable[[T, S], R], chunk: list[T], shared: S) -> list[R]:
    return [work(item, shared) for item in chunk]
