/* Removing the cgroups a container made below its own (lib/ct/cgroup_tree.c). */
#ifndef VZHOST_CT_CGROUP_TREE_H
#define VZHOST_CT_CGROUP_TREE_H

/* rmdir of every cgroup below dir, deepest first, at any depth and with
   names of any length; 0, or -1 with errno when one could not go. */
int cgroup_tree_remove_below(const char *dir);

#endif
