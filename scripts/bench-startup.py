"""Time from start to the first prompt with the full course loaded, and peak memory.

The shell reads `quit` from a pipe, so a run is: start, load the course and the progress
database, print the welcome, read one line, exit. Run on a release build; prints the median and
spread of many runs, and the peak resident set size of the child."""
import os, resource, statistics, subprocess, sys, tempfile, time

binary, course = sys.argv[1], sys.argv[2]
runs = int(os.environ.get("RUNS", "30"))
home = tempfile.mkdtemp(prefix="quorum-bench-")
env = dict(os.environ, QUORUM_HOME=home, NO_COLOR="1")
times = []
for i in range(runs + 3):
    start = time.perf_counter()
    subprocess.run([binary, "--course", course], input=b"quit\n", env=env, stdout=subprocess.DEVNULL, check=True)
    if i >= 3:  # the first runs warm the page cache and create the database
        times.append((time.perf_counter() - start) * 1000)
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
times.sort()
print(f"startup: median {statistics.median(times):.1f} ms, p10 {times[len(times)//10]:.1f} ms, "
      f"p90 {times[(len(times)*9)//10]:.1f} ms over {runs} runs; peak memory {peak_kib/1024:.1f} MiB")
