#include "ploop/ploop.h"

/* The first divisor of n among the candidates, or 0. */
static uint32_t first_divisor(uint64_t n, const uint32_t *cand, unsigned count)
{
	unsigned i;

	for (i = 0; i < count; i++)
		if (n % cand[i] == 0)
			return cand[i];
	return 0;
}

/* Cylinders are a u32 on disk; huge pure-LBA disks keep the low 32 bits. */
void ploop_geometry(uint64_t sectors, uint32_t *heads, uint32_t *cylinders, uint32_t *spt)
{
	static const uint32_t spt_cand[] = { 63, 32, 16, 8 };
	static const uint32_t head_cand[] = { 16, 8, 4, 2 };
	uint32_t s, h;

	if (sectors > 1032192 && sectors < 16777216) {
		*heads = 16;
		*cylinders = (uint32_t)(sectors / (63 * 16));
		*spt = 63;
		return;
	}
	s = first_divisor(sectors, spt_cand, 4);
	h = s ? first_divisor(sectors / s, head_cand, 4) : 0;
	if (!h) {
		*heads = 1;
		*cylinders = (uint32_t)sectors;
		*spt = 1;
		return;
	}
	*heads = h;
	*cylinders = (uint32_t)(sectors / s / h);
	*spt = s;
}
