#include "textflag.h"

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
	MOVAPS X0, X6
	MOVAPS X0, X2
	SHUFPS $0x55, X2, X2
	ADDSS  X2, X6
	MOVAPS X0, X2
	SHUFPS $0xAA, X2, X2
	ADDSS  X2, X6
	MOVAPS X0, X2
	SHUFPS $0xFF, X2, X2
	ADDSS  X2, X6
	ADDSS  X1, X6
	MOVAPS X1, X2
	SHUFPS $0x55, X2, X2
	ADDSS  X2, X6
	MOVAPS X1, X2
	SHUFPS $0xAA, X2, X2
	ADDSS  X2, X6
	MOVAPS X1, X2
	SHUFPS $0xFF, X2, X2
	ADDSS  X2, X6
	MOVSS  X6, ret+48(FP)
	RET
