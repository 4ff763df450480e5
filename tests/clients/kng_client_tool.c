// SPDX-License-Identifier: GPL-2.0-only
/*
 * The userspace half of the real-client workloads (scripts/vm/clients.sh):
 * what busybox cannot do.  Built static on the host, run in the VM.
 *
 *   kng_client_tool wdt DEV PINGS   watchdog: open, set the timeout, ping,
 *                                   let the core ping, magic close
 *   kng_client_tool ptp DEV         PTP clock: its time, twice, must advance
 *   kng_client_tool net IF N        N frames looped through the network
 *                                   device IF (vdpa_sim's virtio-net)
 *   kng_client_tool vhost DEV N     N frames looped through the vhost-vdpa
 *                                   device DEV, whose rings live in this
 *                                   process's memory (vdpa_sim in VA mode)
 *
 * Each prints one line of outcomes, the same on every run that behaves the
 * same: counts that depend on timing are printed as what they show.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/vhost.h>
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>
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

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The frames of both loops: an experimental ethertype, a sequence number. */
#define LOOP_ETH_P	0x88b5
#define LOOP_FRAME	60
#define LOOP_WAIT_MS	5000

static void loop_frame(unsigned char *f, const unsigned char *dst,
		       __u32 seq)
{
	memset(f, 0, LOOP_FRAME);
	memcpy(f, dst, ETH_ALEN);
	memcpy(f + ETH_ALEN, dst, ETH_ALEN);
	f[12] = LOOP_ETH_P >> 8;
	f[13] = LOOP_ETH_P & 0xff;
	memcpy(f + ETH_HLEN, &seq, sizeof(seq));
}

static __u32 loop_seq(const unsigned char *f)
{
	__u32 seq;

	memcpy(&seq, f + ETH_HLEN, sizeof(seq));
	return seq;
}

/*
 * vdpa_sim's network device loops every frame it transmits back to its
 * receive queue, through its worker.  N frames addressed to the device
 * itself, one at a time: each must come back, in order.  Prints the
 * outcome and, on a second line, the time per frame.
 */
static int net(const char *ifname, long n)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned char mac[ETH_ALEN], f[LOOP_FRAME], r[2048];
	long sent = 0, back = 0, order = 1, one = 1;
	struct pollfd p;
	struct ifreq ifr;
	long long t0, t1;
	int s;

	s = socket(AF_PACKET, SOCK_RAW, htons(LOOP_ETH_P));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	sll.sll_protocol = htons(LOOP_ETH_P);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (s < 0 || !sll.sll_ifindex ||
	    bind(s, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(int)) ||
	    ioctl(s, SIOCGIFHWADDR, &ifr)) {
		printf("net_socket=failed:%s\n", strerror(errno));
		return 1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	p.fd = s;
	p.events = POLLIN;
	t0 = now_ns();
	for (; sent < n; sent++) {
		loop_frame(f, mac, sent);
		if (send(s, f, sizeof(f), 0) != sizeof(f))
			break;
		if (poll(&p, 1, LOOP_WAIT_MS) != 1 ||
		    recv(s, r, sizeof(r), 0) < LOOP_FRAME)
			break;
		back++;
		if (loop_seq(r) != sent)
			order = 0;
	}
	t1 = now_ns();
	close(s);
	printf("net_frames=%ld net_looped=%ld net_order=%s\n", n, back,
	       order ? "ok" : "failed");
	printf("%lld\n", back == n ? (t1 - t0) / n : 0);
	return 0;
}

/*
 * A virtio-net driver in this process, on a vhost-vdpa device: its rings
 * and buffers live in a shared memory file mapped here, at addresses that
 * are their own I/O addresses.  vdpa_sim in VA mode reaches them from its
 * worker thread through kthread_use_mm() on this process's mm, bound to
 * its worker when this process becomes the owner.
 */
#define VQ_SIZE		16
#define VQ_RX		0
#define VQ_TX		1
#define VQ_AREA		8192			/* a queue's rings */
#define BUF_AREA	(2 * VQ_AREA)		/* receive, then send buffers */
#define BUF_LEN		2048
#define SHM_LEN		(BUF_AREA + 2 * VQ_SIZE * BUF_LEN)
/* A file's pages: vhost-vdpa maps only shared mappings of a file. */
#define SHM_FILE	"/tmp/kng_vhost.mem"

struct vq {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	__u16 avail_idx, used_seen;
	int kick, call;
};

static unsigned char *shm;

static unsigned char *vq_buf(int q, unsigned int slot)
{
	return shm + BUF_AREA + (q * VQ_SIZE + slot) * BUF_LEN;
}

static int vq_setup(int fd, int q, struct vq *v)
{
	unsigned char *area = shm + q * VQ_AREA;
	struct vhost_vring_state num = { q, VQ_SIZE }, on = { q, 1 };
	struct vhost_vring_addr addr = { .index = q };
	struct vhost_vring_file kick = { .index = q }, call = { .index = q };

	v->desc = (void *)area;
	v->avail = (void *)(area + 1024);
	v->used = (void *)(area + 2048);
	addr.desc_user_addr = (uintptr_t)v->desc;
	addr.avail_user_addr = (uintptr_t)v->avail;
	addr.used_user_addr = (uintptr_t)v->used;
	v->kick = eventfd(0, 0);
	v->call = eventfd(0, 0);
	kick.fd = v->kick;
	call.fd = v->call;
	return v->kick < 0 || v->call < 0 ||
	       ioctl(fd, VHOST_SET_VRING_NUM, &num) ||
	       ioctl(fd, VHOST_SET_VRING_ADDR, &addr) ||
	       ioctl(fd, VHOST_SET_VRING_KICK, &kick) ||
	       ioctl(fd, VHOST_SET_VRING_CALL, &call) ||
	       ioctl(fd, VHOST_VDPA_SET_VRING_ENABLE, &on);
}

/* Offer descriptor SLOT: LEN bytes of its buffer, FLAGS. */
static void vq_offer(struct vq *v, int q, unsigned int slot, __u32 len,
		     __u16 flags)
{
	v->desc[slot].addr = (uintptr_t)vq_buf(q, slot);
	v->desc[slot].len = len;
	v->desc[slot].flags = flags;
	v->avail->ring[v->avail_idx % VQ_SIZE] = slot;
	__atomic_store_n(&v->avail->idx, ++v->avail_idx, __ATOMIC_RELEASE);
}

static int vq_kick(struct vq *v)
{
	__u64 one = 1;

	return write(v->kick, &one, sizeof(one)) == sizeof(one) ? 0 : -1;
}

/* Sleep on the queue's call until the device has used one more buffer. */
static struct vring_used_elem *vq_wait_used(struct vq *v)
{
	struct pollfd p = { .fd = v->call, .events = POLLIN };
	__u64 c;

	while (__atomic_load_n(&v->used->idx, __ATOMIC_ACQUIRE) == v->used_seen) {
		if (poll(&p, 1, LOOP_WAIT_MS) != 1 ||
		    read(v->call, &c, sizeof(c)) != sizeof(c))
			return NULL;
	}
	return &v->used->ring[v->used_seen++ % VQ_SIZE];
}

static int vhost_status(int fd, __u8 add)
{
	__u8 st;

	if (ioctl(fd, VHOST_VDPA_GET_STATUS, &st))
		return -1;
	st |= add;
	return ioctl(fd, VHOST_VDPA_SET_STATUS, &st);
}

static int vhost_start(int fd, struct vq *rx, struct vq *tx)
{
	__u64 feat = (1ULL << VIRTIO_F_VERSION_1) |
			(1ULL << VIRTIO_F_ACCESS_PLATFORM), have;
	__u64 backend = 1ULL << VHOST_BACKEND_F_IOTLB_MSG_V2;
	struct vhost_msg_v2 map = { .type = VHOST_IOTLB_MSG_V2 };

	if (ioctl(fd, VHOST_GET_FEATURES, &have) || (have & feat) != feat ||
	    ioctl(fd, VHOST_SET_BACKEND_FEATURES, &backend) ||
	    vhost_status(fd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER) ||
	    ioctl(fd, VHOST_SET_FEATURES, &feat) ||
	    vhost_status(fd, VIRTIO_CONFIG_S_FEATURES_OK))
		return -1;
	map.iotlb.iova = (uintptr_t)shm;
	map.iotlb.size = SHM_LEN;
	map.iotlb.uaddr = (uintptr_t)shm;
	map.iotlb.perm = VHOST_ACCESS_RW;
	map.iotlb.type = VHOST_IOTLB_UPDATE;
	if (write(fd, &map, sizeof(map)) != sizeof(map) ||
	    vq_setup(fd, VQ_RX, rx) || vq_setup(fd, VQ_TX, tx) ||
	    vhost_status(fd, VIRTIO_CONFIG_S_DRIVER_OK))
		return -1;
	return 0;
}

static int vhost(const char *dev, long n)
{
	const unsigned char bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const size_t hdr = sizeof(struct virtio_net_hdr_v1);
	struct vq rx = { 0 }, tx = { 0 };
	struct vring_used_elem *u;
	long sent = 0, back = 0, order = 1;
	unsigned int i;
	int fd, mfd;

	fd = open(dev, O_RDWR);
	mfd = open(SHM_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || mfd < 0 || ftruncate(mfd, SHM_LEN)) {
		printf("vhost_open=failed:%s\n", strerror(errno));
		return 1;
	}
	shm = mmap(NULL, SHM_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	unlink(SHM_FILE);
	if (shm == MAP_FAILED || ioctl(fd, VHOST_SET_OWNER)) {
		printf("vhost_owner=failed:%s\n", strerror(errno));
		return 1;
	}
	if (vhost_start(fd, &rx, &tx)) {
		printf("vhost_owner=ok vhost_start=failed:%s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < VQ_SIZE; i++)
		vq_offer(&rx, VQ_RX, i, BUF_LEN, VRING_DESC_F_WRITE);
	for (; sent < n; sent++) {
		i = sent % VQ_SIZE;
		memset(vq_buf(VQ_TX, i), 0, hdr);
		loop_frame(vq_buf(VQ_TX, i) + hdr, bcast, sent);
		vq_offer(&tx, VQ_TX, i, hdr + LOOP_FRAME, 0);
		if (vq_kick(&tx))
			break;
		u = vq_wait_used(&rx);
		if (!u)
			break;
		back++;
		if (u->len != hdr + LOOP_FRAME ||
		    loop_seq(vq_buf(VQ_RX, u->id) + hdr) != sent)
			order = 0;
		vq_offer(&rx, VQ_RX, u->id, BUF_LEN, VRING_DESC_F_WRITE);
	}
	printf("vhost_owner=ok vhost_start=ok vhost_frames=%ld vhost_looped=%ld vhost_order=%s\n",
	       n, back, order ? "ok" : "failed");
	close(fd);
	munmap(shm, SHM_LEN);
	close(mfd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "wdt"))
		return wdt(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "ptp"))
		return ptp(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "net"))
		return net(argv[2], atol(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "vhost"))
		return vhost(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: %s wdt DEV PINGS | ptp DEV | net IF N | vhost DEV N\n",
		argv[0]);
	return 2;
}
