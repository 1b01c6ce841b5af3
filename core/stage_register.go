package core

import "github.com/tensogram-go/tensogram-go/core/codec/mask"

// Registration of the codec packages under core/codec with the pipeline
// registry: every codec the format names is implemented.
func init() {
	RegisterStage(StageEncoding, "simple_packing", simplePackingFactory)
	RegisterStageRules(StageEncoding, "simple_packing", StageRules{ResolveParams: resolveSimplePacking})
	RegisterStage(StageFilter, "shuffle", shuffleFactory)
	RegisterStage(StageCompression, "szip", szipFactory)
	RegisterStageRules(StageCompression, "szip", szipRules)
	RegisterStage(StageCompression, "zstd", zstdFactory)
	RegisterStage(StageCompression, "lz4", lz4Factory)
	RegisterStage(StageCompression, "zfp", zfpFactory)
	registerBlosc2()
	RegisterStage(StageCompression, "sz3", sz3Factory)
	RegisterStage(StageCompression, "rle", bitmaskFactory(false))
	RegisterStage(StageCompression, "roaring", bitmaskFactory(true))
	for _, m := range []mask.Method{mask.MethodNone, mask.MethodRLE, mask.MethodRoaring, mask.MethodLZ4, mask.MethodZstd} {
		RegisterMaskCodec(string(m), maskCodec{method: m})
	}
}
