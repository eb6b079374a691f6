#include "textflag.h"

// func cpuHasAVX() bool
//
// Whether the processor has AVX and the system saves the upper halves of
// its registers (CPUID's OSXSAVE and AVX bits, XCR0's SSE and AVX state).
TEXT ·cpuHasAVX(SB), NOSPLIT, $0-1
	MOVL   $1, AX
	XORL   CX, CX
	CPUID
	ANDL   $0x18000000, CX
	CMPL   CX, $0x18000000
	JNE    noavx
	XORL   CX, CX
	XGETBV
	ANDL   $6, AX
	CMPL   AX, $6
	JNE    noavx
	MOVB   $1, ret+0(FP)
	RET

noavx:
	MOVB $0, ret+0(FP)
	RET

// func cpuHasAVX2() bool
//
// CPUID leaf 7's AVX2 bit; hasAVX2 also needs hasAVX's checks.
TEXT ·cpuHasAVX2(SB), NOSPLIT, $0-1
	XORL  AX, AX
	CPUID
	CMPL  AX, $7
	JLT   noavx2
	MOVL  $7, AX
	XORL  CX, CX
	CPUID
	SHRL  $5, BX
	ANDL  $1, BX
	MOVB  BX, ret+0(FP)
	RET

noavx2:
	MOVB $0, ret+0(FP)
	RET

// func addScaledAVX2(dst []float32, s float32, v []int8)
//
// dst[k] += s * float32(v[k]), eight elements at a time: the int8s widened
// to int32 and converted (exactly), multiplied by s, then added, each
// rounded as the Go rounds it; the elements after the last eight one by one.
TEXT ·addScaledAVX2(SB), NOSPLIT, $0-56
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVSS        s+24(FP), X15
	MOVQ         v_base+32(FP), SI
	VBROADCASTSS X15, Y15
	MOVQ         CX, DX
	SHRQ         $3, DX
	JZ           tailadd

eightsadd:
	VPMOVSXBD (SI), Y0
	VCVTDQ2PS Y0, Y0
	VMULPS    Y15, Y0, Y0
	VADDPS    (DI), Y0, Y0
	VMOVUPS   Y0, (DI)
	ADDQ      $8, SI
	ADDQ      $32, DI
	DECQ      DX
	JNZ       eightsadd

tailadd:
	VZEROUPPER
	ANDQ $7, CX
	JZ   doneadd

onesadd:
	MOVBLSX  (SI), AX
	CVTSL2SS AX, X0
	MULSS    X15, X0
	ADDSS    (DI), X0
	MOVSS    X0, (DI)
	INCQ     SI
	ADDQ     $4, DI
	DECQ     CX
	JNZ      onesadd

doneadd:
	RET
