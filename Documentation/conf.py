# SPDX-License-Identifier: GPL-2.0-only
# Sphinx configuration of `make doc` (scripts/doc.sh): the pages of this
# directory, with the kernel's kernel-doc extension pulling the API reference
# out of the sources.  KNG_KERNEL_TOOLS names the directory that
# scripts/kernel-tools.sh prints (scripts/kernel-doc, Documentation/sphinx/).
import os
import sys

tools = os.environ['KNG_KERNEL_TOOLS']
sys.path.insert(0, os.path.join(tools, 'Documentation', 'sphinx'))

project = 'kthread_ng'
root_doc = 'index'
extensions = ['kerneldoc']
primary_domain = 'c'
highlight_language = 'none'
kerneldoc_bin = os.path.join(tools, 'scripts', 'kernel-doc')
kerneldoc_srctree = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
kerneldoc_verbosity = 0
# Attributes in the prototypes that Sphinx's C parser does not know.
c_id_attributes = ['__printf', '__always_inline', '__must_check', '__noreturn',
                   'noinline']
html_theme = 'alabaster'
html_show_sourcelink = False
