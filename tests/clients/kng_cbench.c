// SPDX-License-Identifier: GPL-2.0-only
/*
 * The crypto client's workload: cbc(aes) requests through one driver
 * (virtio-crypto by default), whose requests go through crypto_engine's
 * kthread_worker.  First one request checked against the kernel's software
 * cbc(aes), then @nreq requests, @inflight at a time, timed.  Prints one
 * line and loads (so that rmmod ends it); a failed request fails the load.
 * Requests still out after 30 s (an engine that lost its pump work) are
 * reported and left as they are, with the module pinned: they may still
 * complete into it.
 */
#define pr_fmt(fmt) "kng_cbench: " fmt

#include <crypto/skcipher.h>
#include <linux/completion.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

static char *driver = "virtio_crypto_aes_cbc";
module_param(driver, charp, 0444);
static unsigned int nreq = 1000;
module_param(nreq, uint, 0444);
static unsigned int inflight = 16;
module_param(inflight, uint, 0444);
static unsigned int len = 4096;
module_param(len, uint, 0444);

struct slot {
	struct skcipher_request	*req;
	struct scatterlist	sg;
	u8			*buf;
	u8			iv[16];
};

struct wave {
	atomic_t		left;
	atomic_t		errors;
	struct completion	done;
};

static void wave_done(struct wave *w, int err)
{
	if (err == -EINPROGRESS)	/* left the backlog: more to come */
		return;
	if (err)
		atomic_inc(&w->errors);
	if (atomic_dec_and_test(&w->left))
		complete(&w->done);
}

/* A completion's argument: its data from 6.3 on, the request before. */
#ifdef KNG_CRYPTO_COMPL_DATA
static void slot_done(void *data, int err)
{
	wave_done(data, err);
}
#else
static void slot_done(struct crypto_async_request *areq, int err)
{
	wave_done(areq->data, err);
}
#endif

static const u8 key[16] = "kthread_ng bench";

/* Encrypt @n slots in place, all in flight at once; 0 or an error. */
static int run_wave(struct slot *s, unsigned int n, struct wave *w)
{
	unsigned int i;
	int ret;

	atomic_set(&w->left, n);
	atomic_set(&w->errors, 0);
	reinit_completion(&w->done);
	for (i = 0; i < n; i++) {
		memset(s[i].iv, i, sizeof(s[i].iv));
		skcipher_request_set_crypt(s[i].req, &s[i].sg, &s[i].sg, len,
					   s[i].iv);
		ret = crypto_skcipher_encrypt(s[i].req);
		if (ret == -EINPROGRESS || ret == -EBUSY)
			continue;
		wave_done(w, ret);
	}
	if (!wait_for_completion_timeout(&w->done, 30 * HZ))
		return -ETIMEDOUT;
	return atomic_read(&w->errors) ? -EIO : 0;
}

/* The same plaintext through the software cbc(aes): does @out match? */
static int check_software(const u8 *out, const u8 *iv)
{
	struct crypto_skcipher *sw;
	struct skcipher_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 ivc[16];
	u8 *buf;
	int ret;

	sw = crypto_alloc_skcipher("cbc(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	buf = kmalloc(len, GFP_KERNEL);
	req = skcipher_request_alloc(sw, GFP_KERNEL);
	ret = -ENOMEM;
	if (!buf || !req)
		goto out;
	ret = crypto_skcipher_setkey(sw, key, sizeof(key));
	if (ret)
		goto out;
	memset(buf, 0x5a, len);
	memcpy(ivc, iv, sizeof(ivc));
	sg_init_one(&sg, buf, len);
	skcipher_request_set_callback(req, 0, crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, len, ivc);
	ret = crypto_wait_req(crypto_skcipher_encrypt(req), &wait);
	if (!ret)
		ret = memcmp(buf, out, len) ? 1 : 0;
out:
	skcipher_request_free(req);
	kfree(buf);
	crypto_free_skcipher(sw);
	return ret;
}

static int __init kng_cbench_init(void)
{
	struct crypto_skcipher *tfm;
	static struct wave w;
	struct slot *s;
	unsigned int i, done;
	u64 t0, ns;
	int ret, match;

	if (!nreq || !inflight || !len || len % 16)
		return -EINVAL;
	tfm = crypto_alloc_skcipher(driver, 0, 0);
	if (IS_ERR(tfm)) {
		pr_err("%s: %ld\n", driver, PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	ret = crypto_skcipher_setkey(tfm, key, sizeof(key));
	s = kcalloc(inflight, sizeof(*s), GFP_KERNEL);
	if (ret || !s) {
		ret = ret ?: -ENOMEM;
		goto out_tfm;
	}
	init_completion(&w.done);
	for (i = 0; i < inflight; i++) {
		s[i].buf = kmalloc(len, GFP_KERNEL);
		s[i].req = skcipher_request_alloc(tfm, GFP_KERNEL);
		if (!s[i].buf || !s[i].req) {
			ret = -ENOMEM;
			goto out_slots;
		}
		memset(s[i].buf, 0x5a, len);
		sg_init_one(&s[i].sg, s[i].buf, len);
		skcipher_request_set_callback(s[i].req,
					      CRYPTO_TFM_REQ_MAY_BACKLOG,
					      slot_done, &w);
	}

	/* One request, checked. */
	ret = run_wave(s, 1, &w);
	if (ret)
		goto out_slots;
	memset(s[0].iv, 0, sizeof(s[0].iv));
	match = check_software(s[0].buf, s[0].iv);
	if (match < 0) {
		ret = match;
		goto out_slots;
	}

	t0 = ktime_get_ns();
	for (done = 0; done < nreq; done += inflight) {
		ret = run_wave(s, min(inflight, nreq - done), &w);
		if (ret)
			goto out_slots;
	}
	ns = ktime_get_ns() - t0;
	pr_info("%s: %u requests of %u bytes, %u in flight: %llu ns; matches software: %s\n",
		driver, nreq, len, inflight, ns, match ? "no" : "yes");
out_slots:
	if (ret == -ETIMEDOUT) {
		pr_err("%s: requests still out after 30 s\n", driver);
		__module_get(THIS_MODULE);
		return 0;
	}
	if (ret)
		pr_err("%s: a request failed: %d\n", driver, ret);
	for (i = 0; i < inflight; i++) {
		skcipher_request_free(s[i].req);
		kfree(s[i].buf);
	}
	kfree(s);
out_tfm:
	crypto_free_skcipher(tfm);
	return ret;
}

static void __exit kng_cbench_exit(void)
{
}

module_init(kng_cbench_init);
module_exit(kng_cbench_exit);
MODULE_DESCRIPTION("kthread_ng real-client run: crypto requests through a driver");
MODULE_LICENSE("GPL");
