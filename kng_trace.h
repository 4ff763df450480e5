/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events of kthread_ng: the counterparts of the scheduler's
 * sched_kthread_* events, which are not exported to modules.  No string
 * fields: __assign_str() differs between 6.1 and 6.12.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kthread_ng

#if !defined(_KNG_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KNG_TRACE_H

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

struct kthread_ng_worker;
struct kthread_ng_work;

DECLARE_EVENT_CLASS(kthread_ng_task,
		    TP_PROTO(struct task_struct *t),
		    TP_ARGS(t),
		    TP_STRUCT__entry(__array(char, comm, TASK_COMM_LEN)
				     __field(pid_t, pid)),
		    TP_fast_assign(memcpy(__entry->comm, t->comm, TASK_COMM_LEN);
				   __entry->pid = t->pid;),
		    TP_printk("comm=%s pid=%d", __entry->comm, __entry->pid));

DEFINE_EVENT(kthread_ng_task, kthread_ng_create,
	     TP_PROTO(struct task_struct *t),
	     TP_ARGS(t));

DEFINE_EVENT(kthread_ng_task, kthread_ng_stop,
	     TP_PROTO(struct task_struct *t),
	     TP_ARGS(t));

TRACE_EVENT(kthread_ng_stop_ret,
	    TP_PROTO(int ret),
	    TP_ARGS(ret),
	    TP_STRUCT__entry(__field(int, ret)),
	    TP_fast_assign(__entry->ret = ret;),
	    TP_printk("ret=%d", __entry->ret));

/* @work->func read here: a disabled event costs its caller no load. */
TRACE_EVENT(kthread_ng_work_queue_work,
	    TP_PROTO(struct kthread_ng_worker *worker,
		     struct kthread_ng_work *work),
	    TP_ARGS(worker, work),
	    TP_STRUCT__entry(__field(void *, work)
			     __field(void *, function)
			     __field(void *, worker)),
	    TP_fast_assign(__entry->work = work;
			   __entry->function = work->func;
			   __entry->worker = worker;),
	    TP_printk("work struct=%p function=%ps worker=%p",
		      __entry->work, __entry->function, __entry->worker));

/* At execute_end @work may be freed: it is recorded, never read. */
DECLARE_EVENT_CLASS(kthread_ng_work_exec,
		    TP_PROTO(struct kthread_ng_worker *worker,
			     struct kthread_ng_work *work, void *function),
		    TP_ARGS(worker, work, function),
		    TP_STRUCT__entry(__field(void *, work)
				     __field(void *, function)),
		    TP_fast_assign(__entry->work = work;
				   __entry->function = function;),
		    TP_printk("work struct %p: function %ps",
			      __entry->work, __entry->function));

DEFINE_EVENT(kthread_ng_work_exec, kthread_ng_work_execute_start,
	     TP_PROTO(struct kthread_ng_worker *worker,
		      struct kthread_ng_work *work, void *function),
	     TP_ARGS(worker, work, function));

DEFINE_EVENT(kthread_ng_work_exec, kthread_ng_work_execute_end,
	     TP_PROTO(struct kthread_ng_worker *worker,
		      struct kthread_ng_work *work, void *function),
	     TP_ARGS(worker, work, function));

#endif /* _KNG_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE kng_trace
#include <trace/define_trace.h>
