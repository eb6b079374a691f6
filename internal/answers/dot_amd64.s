#include "textflag.h"

// SUM8 adds the lanes of lo (0 to 3) and hi (4 to 7) in order into the
// low lane of dst, as dotGo adds s0 + s1 + ... + s7; it uses X14.
#define SUM8(lo, hi, dst) \
	MOVAPS lo, dst; \
	MOVAPS lo, X14; SHUFPS $0x55, X14, X14; ADDSS X14, dst; \
	MOVAPS lo, X14; SHUFPS $0xAA, X14, X14; ADDSS X14, dst; \
	MOVAPS lo, X14; SHUFPS $0xFF, X14, X14; ADDSS X14, dst; \
	ADDSS  hi, dst; \
	MOVAPS hi, X14; SHUFPS $0x55, X14, X14; ADDSS X14, dst; \
	MOVAPS hi, X14; SHUFPS $0xAA, X14, X14; ADDSS X14, dst; \
	MOVAPS hi, X14; SHUFPS $0xFF, X14, X14; ADDSS X14, dst

// func dotSSE(a, b []float32) float32
//
// X0 holds lanes 0 to 3 of dotGo's sums, X1 lanes 4 to 7. Multiplying and
// adding in separate instructions rounds as dotGo's Go does; the elements
// after the last eight go to lane 0, and the lanes are added in order.
TEXT ·dotSSE(SB), NOSPLIT, $0-52
	MOVQ  a_base+0(FP), SI
	MOVQ  a_len+8(FP), CX
	MOVQ  b_base+24(FP), DI
	XORPS X0, X0
	XORPS X1, X1
	MOVQ  CX, DX
	SHRQ  $3, DX
	JZ    tail

eights:
	MOVUPS (SI), X2
	MOVUPS (DI), X3
	MULPS  X3, X2
	ADDPS  X2, X0
	MOVUPS 16(SI), X4
	MOVUPS 16(DI), X5
	MULPS  X5, X4
	ADDPS  X4, X1
	ADDQ   $32, SI
	ADDQ   $32, DI
	DECQ   DX
	JNZ    eights

tail:
	ANDQ $7, CX
	JZ   sum

ones:
	MOVSS (SI), X2
	MULSS (DI), X2
	ADDSS X2, X0
	ADDQ  $4, SI
	ADDQ  $4, DI
	DECQ  CX
	JNZ   ones

sum:
	SUM8(X0, X1, X6)
	MOVSS X6, ret+48(FP)
	RET

// func dot4SSE(a []float32, rows []float32, out *[4]float32)
//
// dotSSE on four rows at once, rows[0:n], rows[n:2n] and so on for n the
// length of a: the four rows' sums do not wait on each other. X0 and X1
// hold the first row's lanes, X2 and X3 the second's, and so on.
TEXT ·dot4SSE(SB), NOSPLIT, $0-56
	MOVQ  a_base+0(FP), SI
	MOVQ  a_len+8(FP), CX
	MOVQ  rows_base+24(FP), R8
	MOVQ  out+48(FP), AX
	MOVQ  CX, DX
	SHLQ  $2, DX
	LEAQ  (R8)(DX*1), R9
	LEAQ  (R9)(DX*1), R10
	LEAQ  (R10)(DX*1), R11
	XORPS X0, X0
	XORPS X1, X1
	XORPS X2, X2
	XORPS X3, X3
	XORPS X4, X4
	XORPS X5, X5
	XORPS X6, X6
	XORPS X7, X7
	MOVQ  CX, BX
	SHRQ  $3, BX
	JZ    tail4

eights4:
	MOVUPS (SI), X8
	MOVUPS 16(SI), X9
	MOVUPS (R8), X10
	MOVUPS 16(R8), X11
	MULPS  X8, X10
	MULPS  X9, X11
	ADDPS  X10, X0
	ADDPS  X11, X1
	MOVUPS (R9), X12
	MOVUPS 16(R9), X13
	MULPS  X8, X12
	MULPS  X9, X13
	ADDPS  X12, X2
	ADDPS  X13, X3
	MOVUPS (R10), X10
	MOVUPS 16(R10), X11
	MULPS  X8, X10
	MULPS  X9, X11
	ADDPS  X10, X4
	ADDPS  X11, X5
	MOVUPS (R11), X12
	MOVUPS 16(R11), X13
	MULPS  X8, X12
	MULPS  X9, X13
	ADDPS  X12, X6
	ADDPS  X13, X7
	ADDQ   $32, SI
	ADDQ   $32, R8
	ADDQ   $32, R9
	ADDQ   $32, R10
	ADDQ   $32, R11
	DECQ   BX
	JNZ    eights4

tail4:
	ANDQ $7, CX
	JZ   sum4

ones4:
	MOVSS (SI), X8
	MOVSS (R8), X10
	MULSS X8, X10
	ADDSS X10, X0
	MOVSS (R9), X10
	MULSS X8, X10
	ADDSS X10, X2
	MOVSS (R10), X10
	MULSS X8, X10
	ADDSS X10, X4
	MOVSS (R11), X10
	MULSS X8, X10
	ADDSS X10, X6
	ADDQ  $4, SI
	ADDQ  $4, R8
	ADDQ  $4, R9
	ADDQ  $4, R10
	ADDQ  $4, R11
	DECQ  CX
	JNZ   ones4

sum4:
	SUM8(X0, X1, X8)
	MOVSS X8, 0(AX)
	SUM8(X2, X3, X8)
	MOVSS X8, 4(AX)
	SUM8(X4, X5, X8)
	MOVSS X8, 8(AX)
	SUM8(X6, X7, X8)
	MOVSS X8, 12(AX)
	RET
