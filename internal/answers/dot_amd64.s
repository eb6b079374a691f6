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

// TRANSPOSE4 turns four rows of four lanes, r0 to r3, into the four
// columns: lane k of every row goes to c_k, whose lane j is row j's. c0 is
// left in r0, c1 in r2, c2 in t0 and c3 in t1.
#define TRANSPOSE4(r0, r1, r2, r3, t0, t1) \
	MOVAPS r0, t0; UNPCKLPS r1, r0; UNPCKHPS r1, t0; \
	MOVAPS r2, t1; UNPCKLPS r3, r2; UNPCKHPS r3, t1; \
	MOVAPS r0, r1; MOVLHPS r2, r0; MOVHLPS r1, r2; \
	MOVAPS t0, r3; MOVLHPS t1, t0; MOVHLPS r3, t1

// SUM4x8 is SUM8 of four rows at once, lane j for row j: lo0 to lo3 hold
// the rows' lanes 0 to 3, hi0 to hi3 their lanes 4 to 7. Their columns are
// added in order, as SUM8 adds one row's lanes, into lo0; t0 and t1 are
// used.
#define SUM4x8(lo0, lo1, lo2, lo3, hi0, hi1, hi2, hi3, t0, t1) \
	TRANSPOSE4(lo0, lo1, lo2, lo3, t0, t1); \
	ADDPS lo2, lo0; ADDPS t0, lo0; ADDPS t1, lo0; \
	TRANSPOSE4(hi0, hi1, hi2, hi3, t0, t1); \
	ADDPS hi0, lo0; ADDPS hi2, lo0; ADDPS t0, lo0; ADDPS t1, lo0

// ZERO8 clears the eight rows' accumulators, Y0 to Y7.
#define ZERO8 \
	VXORPS Y0, Y0, Y0; VXORPS Y1, Y1, Y1; VXORPS Y2, Y2, Y2; VXORPS Y3, Y3, Y3; \
	VXORPS Y4, Y4, Y4; VXORPS Y5, Y5, Y5; VXORPS Y6, Y6, Y6; VXORPS Y7, Y7, Y7

// SPILLHIGH8 keeps the high lanes (4 to 7) of Y0 to Y7 at 0(SP) to 112(SP),
// 16 bytes each, and leaves AVX: the low lanes go on in X0 to X7.
#define SPILLHIGH8 \
	VEXTRACTF128 $1, Y0, 0(SP); VEXTRACTF128 $1, Y1, 16(SP); \
	VEXTRACTF128 $1, Y2, 32(SP); VEXTRACTF128 $1, Y3, 48(SP); \
	VEXTRACTF128 $1, Y4, 64(SP); VEXTRACTF128 $1, Y5, 80(SP); \
	VEXTRACTF128 $1, Y6, 96(SP); VEXTRACTF128 $1, Y7, 112(SP); \
	VZEROUPPER

// STORE8SUMS adds each row's eight lanes in order, low lanes from X0 to X7
// and high lanes as SPILLHIGH8 kept them, and writes the eight sums at AX.
#define STORE8SUMS \
	MOVUPS 0(SP), X10; MOVUPS 16(SP), X11; MOVUPS 32(SP), X12; MOVUPS 48(SP), X13; \
	SUM4x8(X0, X1, X2, X3, X10, X11, X12, X13, X8, X9); \
	MOVUPS X0, 0(AX); \
	MOVUPS 64(SP), X10; MOVUPS 80(SP), X11; MOVUPS 96(SP), X12; MOVUPS 112(SP), X13; \
	SUM4x8(X4, X5, X6, X7, X10, X11, X12, X13, X8, X9); \
	MOVUPS X4, 16(AX)

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
	SUM4x8(X0, X2, X4, X6, X1, X3, X5, X7, X8, X9)
	MOVUPS X0, 0(AX)
	RET

// func dot8AVX(a []float32, rows []float32, out *[8]float32)
//
// dotSSE on eight rows at once, rows[0:n], rows[n:2n] and so on for n the
// length of a. Ylane k holds row k's eight lanes, which an AVX instruction
// multiplies and adds as dotSSE's two SSE instructions do; the upper four
// lanes then go to the frame, and the rest is dotSSE's: the elements after
// the last eight to lane 0, the lanes added in order.
TEXT ·dot8AVX(SB), NOSPLIT, $128-56
	MOVQ   a_base+0(FP), SI
	MOVQ   a_len+8(FP), CX
	MOVQ   rows_base+24(FP), R8
	MOVQ   out+48(FP), AX
	MOVQ   CX, DX
	SHLQ   $2, DX
	LEAQ   (R8)(DX*1), R9
	LEAQ   (R9)(DX*1), R10
	LEAQ   (R10)(DX*1), R11
	MOVQ   DX, R12
	SHLQ   $2, R12 // rows 4 to 7 are R8 to R11 plus R12
	ZERO8
	MOVQ   CX, BX
	SHRQ   $3, BX
	JZ     tail8

eights8:
	VMOVUPS (SI), Y8
	VMULPS  (R8), Y8, Y9
	VADDPS  Y9, Y0, Y0
	VMULPS  (R9), Y8, Y10
	VADDPS  Y10, Y1, Y1
	VMULPS  (R10), Y8, Y11
	VADDPS  Y11, Y2, Y2
	VMULPS  (R11), Y8, Y12
	VADDPS  Y12, Y3, Y3
	VMULPS  (R8)(R12*1), Y8, Y13
	VADDPS  Y13, Y4, Y4
	VMULPS  (R9)(R12*1), Y8, Y9
	VADDPS  Y9, Y5, Y5
	VMULPS  (R10)(R12*1), Y8, Y10
	VADDPS  Y10, Y6, Y6
	VMULPS  (R11)(R12*1), Y8, Y11
	VADDPS  Y11, Y7, Y7
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, R11
	DECQ    BX
	JNZ     eights8

tail8:
	SPILLHIGH8
	ANDQ         $7, CX
	JZ           sum8

ones8:
	MOVSS (SI), X8
	MOVSS (R8), X9
	MULSS X8, X9
	ADDSS X9, X0
	MOVSS (R9), X9
	MULSS X8, X9
	ADDSS X9, X1
	MOVSS (R10), X9
	MULSS X8, X9
	ADDSS X9, X2
	MOVSS (R11), X9
	MULSS X8, X9
	ADDSS X9, X3
	MOVSS (R8)(R12*1), X9
	MULSS X8, X9
	ADDSS X9, X4
	MOVSS (R9)(R12*1), X9
	MULSS X8, X9
	ADDSS X9, X5
	MOVSS (R10)(R12*1), X9
	MULSS X8, X9
	ADDSS X9, X6
	MOVSS (R11)(R12*1), X9
	MULSS X8, X9
	ADDSS X9, X7
	ADDQ  $4, SI
	ADDQ  $4, R8
	ADDQ  $4, R9
	ADDQ  $4, R10
	ADDQ  $4, R11
	DECQ  CX
	JNZ   ones8

sum8:
	STORE8SUMS
	RET

// ROWI multiplies the int16 lanes of Y8 by those of a row's next sixteen
// int8s, widened, adds the products in pairs and adds them to acc's eight
// int32 lanes; Y9 is used.
#define ROWI(row, acc) \
	VPMOVSXBW row, Y9; \
	VPMADDWD  Y9, Y8, Y9; \
	VPADDD    Y9, acc, acc

// ROWI8 is ROWI for the eight rows at R8-R11 and R12 bytes after each,
// into Y0-Y7.
#define ROWI8 \
	ROWI((R8), Y0); \
	ROWI((R9), Y1); \
	ROWI((R10), Y2); \
	ROWI((R11), Y3); \
	ROWI((R8)(R12*1), Y4); \
	ROWI((R9)(R12*1), Y5); \
	ROWI((R10)(R12*1), Y6); \
	ROWI((R11)(R12*1), Y7)

// HSUMI adds acc's eight int32 lanes into its lowest and stores it at dst;
// X9 is used.
#define HSUMI(acc, accx, dst) \
	VEXTRACTI128 $1, acc, X9; \
	VPADDD       X9, accx, accx; \
	VPSHUFD      $0x4E, accx, X9; \
	VPADDD       X9, accx, accx; \
	VPSHUFD      $0xB1, accx, X9; \
	VPADDD       X9, accx, accx; \
	VMOVD        accx, dst

// func dot8I16AVX2(a []int16, tail *[16]int16, rows []int8, out *[8]int32)
//
// out[k] is the integer dot product of a with rows[k*n:(k+1)*n] for n the
// length of a, at least sixteen, whose products and the sums of two fit
// in an int32: sixteen elements at a time, and the last
// sixteen of each row with tail, a's last sixteen with those before the
// last n%16 cleared, where n is no multiple of sixteen. Integer sums are
// exact, in any order.
TEXT ·dot8I16AVX2(SB), NOSPLIT, $0-64
	MOVQ   a_base+0(FP), SI
	MOVQ   a_len+8(FP), CX
	MOVQ   tail+24(FP), DI
	MOVQ   rows_base+32(FP), R8
	MOVQ   out+56(FP), AX
	LEAQ   (R8)(CX*1), R9
	LEAQ   (R9)(CX*1), R10
	LEAQ   (R10)(CX*1), R11
	MOVQ   CX, R12
	SHLQ   $2, R12 // rows 4 to 7 are R8 to R11 plus R12
	MOVQ   CX, DX
	ANDQ   $15, DX
	VPXOR  Y0, Y0, Y0
	VPXOR  Y1, Y1, Y1
	VPXOR  Y2, Y2, Y2
	VPXOR  Y3, Y3, Y3
	VPXOR  Y4, Y4, Y4
	VPXOR  Y5, Y5, Y5
	VPXOR  Y6, Y6, Y6
	VPXOR  Y7, Y7, Y7
	SHRQ   $4, CX
	JZ     sumi

sixteeni:
	VMOVDQU (SI), Y8
	ROWI8
	ADDQ    $32, SI
	ADDQ    $16, R8
	ADDQ    $16, R9
	ADDQ    $16, R10
	ADDQ    $16, R11
	DECQ    CX
	JNZ     sixteeni

	TESTQ   DX, DX
	JZ      sumi
	SUBQ    $16, DX // the rows' last sixteen start 16-n%16 back
	ADDQ    DX, R8
	ADDQ    DX, R9
	ADDQ    DX, R10
	ADDQ    DX, R11
	VMOVDQU (DI), Y8
	ROWI8

sumi:
	HSUMI(Y0, X0, 0(AX))
	HSUMI(Y1, X1, 4(AX))
	HSUMI(Y2, X2, 8(AX))
	HSUMI(Y3, X3, 12(AX))
	HSUMI(Y4, X4, 16(AX))
	HSUMI(Y5, X5, 20(AX))
	HSUMI(Y6, X6, 24(AX))
	HSUMI(Y7, X7, 28(AX))
	VZEROUPPER
	RET
