// SPDX-License-Identifier: GPL-2.0-only
/*
 * The userspace half of the real-client workloads (scripts/vm/clients.sh):
 * what busybox cannot do.  Built static on the host, run in the VM.
 *
 *   kng_client_tool wdt DEV PINGS   watchdog: open, set the timeout, ping,
 *                                   let the core ping, magic close
 *   kng_client_tool ptp DEV         PTP clock: its time, twice, must advance
 *
 * Each prints one line of outcomes, the same on every run that behaves the
 * same: counts that depend on timing are printed as what they show.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/watchdog.h>

/* A counter the instrumented softdog keeps in a module parameter. */
static long read_count(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	return strtol(buf, NULL, 10);
}

/* The pings between two readings, as what they show. */
static const char *count(long a, long b)
{
	if (a < 0 || b < 0)
		return "unreadable";
	return b - a >= 3 ? ">=3" : b - a > 0 ? "1-2" : "0";
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The core pings on the user's behalf when the driver's hardware heartbeat
 * is shorter than the user's timeout: through its kthread_worker, from an
 * hrtimer.  The instrumented softdog's heartbeat is 500 ms, so the core
 * pings about every 250 ms while the device is open, and never once it is
 * closed with the magic character.
 */
static int wdt(const char *dev, const char *pings)
{
	int fd, timeout = 5, i, ok = 1;
	long p0, p1, p2, p3, p4;

	fd = open(dev, O_WRONLY);
	if (fd < 0) {
		printf("open=%s\n", strerror(errno));
		return 1;
	}
	printf("open=ok");
	if (ioctl(fd, WDIOC_SETTIMEOUT, &timeout) || timeout != 5)
		ok = 0;
	timeout = 0;
	if (ioctl(fd, WDIOC_GETTIMEOUT, &timeout))
		ok = 0;
	printf(" timeout=%d", timeout);
	for (i = 0; i < 3; i++)
		if (ioctl(fd, WDIOC_KEEPALIVE, 0))
			ok = 0;
	printf(" keepalive=%s", ok ? "ok" : "failed");
	/*
	 * About 8 in 2 s; at least 3 whatever the guest's speed.  Twice: each
	 * ping re-arms the next, so one lost ping work ends them all.
	 */
	p0 = read_count(pings);
	sleep_ms(2000);
	p1 = read_count(pings);
	sleep_ms(2000);
	p2 = read_count(pings);
	printf(" core_pings_2s=%s", count(p0, p1));
	printf(" core_pings_next_2s=%s", count(p1, p2));
	if (write(fd, "V", 1) != 1)
		ok = 0;
	close(fd);
	p3 = read_count(pings);
	sleep_ms(1000);
	p4 = read_count(pings);
	printf(" magic_close=%s pings_after_close=%ld\n", ok ? "ok" : "failed",
	       p4 - p3);
	return 0;
}

#define CLOCKFD 3
#define FD_TO_CLOCKID(fd) ((clockid_t)((((unsigned int)~(fd)) << 3) | CLOCKFD))

static int ptp(const char *dev)
{
	struct timespec a, b;
	int fd = open(dev, O_RDWR);

	if (fd < 0) {
		printf("%s:open=%s\n", dev, strerror(errno));
		return 1;
	}
	if (clock_gettime(FD_TO_CLOCKID(fd), &a)) {
		printf("%s:gettime=%s\n", dev, strerror(errno));
		close(fd);
		return 1;
	}
	sleep_ms(20);
	clock_gettime(FD_TO_CLOCKID(fd), &b);
	close(fd);
	printf("%s:time=%s\n", dev,
	       b.tv_sec > a.tv_sec ||
	       (b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec) ?
	       "advances" : "stuck");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "wdt"))
		return wdt(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "ptp"))
		return ptp(argv[2]);
	fprintf(stderr, "usage: %s wdt DEV PINGS | ptp DEV\n", argv[0]);
	return 2;
}
